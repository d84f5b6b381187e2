extension TextAnalyzer {
    /// English function words, question words, auxiliaries and the words that frame a question rather than
    /// name its subject ("tell", "named", "called", "kind", "type", "please"). One list: the full-text query
    /// drops them from its OR of words (a quoted phrase keeps them), and Grounding leaves them out of the
    /// content terms it counts. Lowercase; contractions as written with an ASCII apostrophe. Reflexive
    /// pronouns ("itself", "themselves") stay words, as they were for Grounding: "itself" can be an answer
    /// ("divisible only by 1 and itself"), and an answer made of stopwords leaves the citation verifier
    /// nothing to check.
    public static let stopwords: Set<String> = [
        // Articles, conjunctions, prepositions.
        "a", "an", "the", "and", "or", "but", "nor", "if", "then", "else", "than", "as", "because", "while", "until",
        "of", "at", "by", "for", "with", "about", "against", "between", "into", "through", "during", "before", "after",
        "above", "below", "to", "from", "up", "down", "in", "out", "on", "off", "over", "under", "again", "further",
        "once", "via", "per",
        // Adverbs and quantifiers that say nothing of a subject.
        "here", "there", "when", "where", "why", "how", "all", "any", "both", "each", "few", "more", "most", "other",
        "some", "such", "no", "not", "only", "own", "same", "so", "too", "very", "just", "now", "also", "many", "much",
        "yes", "yet",
        // Auxiliaries and modals.
        "is", "are", "was", "were", "be", "been", "being", "am", "have", "has", "had", "having", "do", "does", "did",
        "doing", "can", "will", "would", "should", "could", "might", "must", "shall", "may",
        // Pronouns and determiners.
        "i", "me", "my", "myself", "we", "us", "our", "ours", "you", "your", "yours", "he", "him", "his", "she", "her",
        "hers", "it", "its", "they", "them", "their", "theirs", "what", "which", "who", "whom", "whose", "this", "that",
        "these", "those", "one's",
        // Contractions and the pieces a tokenizer leaves of them.
        "s", "t", "don't", "doesn't", "didn't", "isn't", "wasn't", "aren't", "weren't", "won't", "can't", "there's",
        "what's", "who's", "it's",
        // Words that frame a question.
        "tell", "name", "named", "called", "kind", "type", "please",
    ]
}
