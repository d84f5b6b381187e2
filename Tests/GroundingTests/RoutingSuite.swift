import FootnoteCore
import Grounding

/// A labelled routing suite: realistic, varied queries with the route (and, for knowledge
/// questions, the difficulty) a person would choose. Written beside the router; kept honest by
/// including near-misses (numbers in knowledge questions, greetings that ask something).
enum RoutingSuite {
    typealias Case = (query: String, route: QueryRoute, difficulty: QueryDifficulty?)

    static let knowledgeSimple: [String] = [
        "What is the default page size in SQLite?", "When was the write-ahead log introduced?", "Who wrote the FTS5 extension?",
        "What port does the server listen on?", "Where is the configuration file stored?", "What does PRAGMA journal_mode do?",
        "Which file holds the wal-index?", "What is a checkpoint?", "How many points did the Panthers defense surrender?",
        "Who led the Panthers in sacks?", "What year did Tesla die?", "What is the capital of Normandy?",
        "When did the Normans conquer England?", "What is the maximum file size for uploads?", "Who is the CEO?",
        "What is our refund policy?", "What is the SLA for priority one incidents?", "Which team won Super Bowl 50?",
        "What does the acronym WAL stand for?", "What is the default chunk size?", "Where did Super Bowl 50 take place?",
        "What is the name of the virtual table module for full-text search?", "How long is the warranty?",
        "What version added the JSON functions?", "What is BM25?", "Who maintains the sqlite3 shell?",
        "What colour is the company logo?", "What is the deadline for expense reports?", "How many vacation days do new hires get?",
        "What is the office address in Berlin?", "What language is the parser written in?", "Which formats can be indexed?",
        "What is the timeout for idle connections?", "When is the next release planned?", "What is the minimum password length?",
        "Who approves purchase orders over 10,000 euros?", "What is the phone number of the help desk?",
        "What is the population of Warsaw in 2010?", "When was the university founded?", "What river flows through Warsaw?",
        "What is the boiling point of water according to the lab manual?", "Which license covers the corpus?",
        "What is the 2021 revenue target?", "What does error code E1234 mean?", "How many chunks does the index hold?",
        "What is the retention period for logs?", "Who signed the 1990-1995 agreement?", "What is VACUUM?",
        "What is a savepoint?", "Is WAL mode persistent?", "Does the library support encryption?",
        "What are the system requirements?", "What is the API rate limit?", "Who is on call this week?",
        "what is fts5", "default cache size sqlite", "wal checkpoint threshold", "refund policy for enterprise customers",
        "Amazon rainforest area", "Genghis Khan birth year", "Which Broncos player won MVP?", "What is rule 4.2 of the handbook?",
        "How much does the premium plan cost?", "How much is the late fee for invoices?", "Where can I find the onboarding guide?",
        "What is the name of the HR system?", "Which database does the billing service use?", "What is the max number of attached databases?",
        "List the supported document formats", "Who was Rollo?", "When did Kenya gain independence?",
    ]

    static let knowledgeComplex: [String] = [
        "Why does WAL mode not work on a network filesystem?", "Explain how checkpoints interact with readers.",
        "Compare rollback journals and write-ahead logging.", "What is the difference between DELETE and TRUNCATE journal modes?",
        "What are the pros and cons of using WAL mode?", "How does the write-ahead log work?",
        "How do I migrate the index to a new schema version?", "Walk me through the onboarding process for new engineers.",
        "Summarize the security policy in a few sentences.", "What would happen if the checkpoint never runs?",
        "What are the advantages of hybrid search over BM25 alone?", "How should we choose the chunk size for long PDFs?",
        "Describe how the access groups are enforced and what happens when a document has none.",
        "What caused the outage in March and what did we change afterwards?",
        "Who led the Panthers in sacks and how many interceptions did the defense have?",
        "When was the warranty extended; who approved it?", "Why did Tesla and Edison fall out?",
        "Explain the relationship between the wal-index and shared memory.", "How does vacuum affect the file size?",
        "What is the impact of page size on performance?", "Should I enable memory-mapped I/O for a read-heavy workload?",
        "What is the best way to back up a live database?", "Compare the Norman and Anglo-Saxon legal systems.",
        "How would the system behave if the embedding model changes between ingests?", "Evaluate the trade-off between recall and latency in our search.",
        "Outline the steps to rotate the API keys.", "What is the effect of the overlap setting on retrieval quality?",
        "Analyze why the Broncos defense was so effective in Super Bowl 50.", "Give an overview of the release process and who signs off on each stage.",
        "What is FTS5? How does it rank results?", "Why is the sky blue according to the physics notes?",
        "How could we reduce the index size without losing recall?", "What happens if two writers commit at the same time?",
        "In detail, how are citations resolved after a file changes?", "Versus the old parser, what does the new one handle better?",
        "What are the reasons for the 2019 reorganisation and what were its consequences for the sales team?",
        "How do readers and writers coordinate in WAL mode, and what limits the size of the WAL file over time in a busy system?",
        "Design a retention strategy for logs that satisfies the compliance rules in the handbook.",
        "Which is better for our use case, Postgres or SQLite, given the documents we have?",
        "Step by step, how do I restore a backup?", "What is the reason for the ban on personal devices?",
        "How does chunk overlap interact with citation spans, and what does that mean for very long tables?",
    ]

    static let calculator: [String] = [
        "What is 15% of 80?", "12 times 7", "what's 2 + 2", "calculate (3 + 4) * 5", "compute 2^10", "144 / 12",
        "What is the square root of 144?", "sqrt(2)", "How much is 19.99 * 3?", "3 x 4", "100 divided by 8", "7 plus 8 minus 3",
        "What is 5 squared?", "2 to the power of 16", "convert 5 km to miles", "How many feet in a mile?", "10 kg in pounds",
        "100 fahrenheit to celsius", "convert 20 °C to °F", "how many ounces are in 2 pounds", "3.5 GB in MB", "how many seconds in a day",
        "60 mph to km/h", "1 acre in square meters", "What is 1,000,000 / 3?", "-5 + 12", "(1+2)*(3+4)", "what is 17 mod 5",
        "25% of 300", "what is 7.5% of 2,000", "how many minutes in a week", "convert 2 gallons to liters", "5 feet in cm",
        "1 mile to km", "0 kelvin in celsius", "what is 10!", "how many milliliters in a cup", "2 hours in minutes",
        "how many bytes in a kilobyte", "1 TB in GB", "what's 3 cubed", "1/3 + 1/6", "2 * pi", "ln(1)", "log(1000)",
        "evaluate 9 - 3 * 2", "what is 45 minus 18", "8 times 9 plus 2", "please calculate 365 * 24", "how many inches in a foot",
        "12 inches to cm", "500 g in ounces", "how many kilometers in 26.2 miles", "what is 120 km/h in mph",
        "convert 1000 kcal to kJ", "how many days in 3 weeks", "2 kWh in joules", "what is 50 percent of 64",
    ]

    static let smallTalk: [String] = [
        "hi", "Hello!", "hey there", "good morning", "Thanks!", "thank you", "thanks a lot", "bye", "goodbye", "see you later",
        "thanks, that helped", "Thank you, this was really useful.", "thanks for the quick answer",
        "how are you?", "How's it going?", "who are you?", "what can you do?", "help", "ok", "okay thanks", "cool", "great",
        "nice", "awesome", "hello footnote", "hi, how are you", "Good evening!", "cheers", "thx", "you're welcome", "lol",
        "are you a bot?", "good night", "hey", "yo", "what's up?", "Hello there!", "much appreciated",
    ]

    static let citationLookup: [String] = [
        "fn:1714eed93f95:0-517", "show me fn:6de416a73b77:3981-5015", "what does fn:abcdef123456:10-20 say?",
        "cite fn:0123456789ab:100-250", "Explain fn:6de416a73b77:6252-6480 please", "fn:deadbeef0001:5-9 and fn:deadbeef0002:7-12",
        "Is fn:ABCDEF123456:0-10 still current?", "open fn:1a2b3c4d5e6f:42-99",
    ]

    /// Greetings that ask a real question go to retrieval.
    static let nearMisses: [Case] = [
        ("hi, what is the refund policy?", .knowledge, .simple), ("Hello, who wrote FTS5?", .knowledge, .simple),
        ("thanks, and what is the SLA?", .knowledge, .simple), ("thanks, how do I rotate the keys", .knowledge, .complex), ("What happened in 1990?", .knowledge, .simple),
        ("How many employees are in the Berlin office?", .knowledge, .simple), ("What is 3.5 in the release notes?", .knowledge, .simple),
        ("How many points did Carolina score?", .knowledge, .simple), ("What is the 80/20 rule in the sales guide?", .knowledge, .simple),
        ("What is error 404 in our API docs?", .knowledge, .simple), ("How many km is the marathon route in the event plan?", .knowledge, .simple),
    ]

    static var cases: [Case] {
        knowledgeSimple.map { ($0, .knowledge, .simple) } + knowledgeComplex.map { ($0, .knowledge, .complex) }
            + calculator.map { ($0, .calculator, nil) } + smallTalk.map { ($0, .smallTalk, nil) }
            + citationLookup.map { ($0, .citationLookup, nil) } + nearMisses
    }
}
