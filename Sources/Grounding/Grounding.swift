// The grounding engine: routing, evidence gate, prompts, citation verification, extractive answers.
