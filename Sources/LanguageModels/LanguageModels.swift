// Clients of language-model servers (OpenAI-compatible chat completions).
