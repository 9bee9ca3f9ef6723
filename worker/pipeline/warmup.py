"""The made-up article every stage chews once before the worker says it is ready.

The first article a process sees pays for loading: the language model, the
word-frequency lists, compiled patterns and, with NER on, the spaCy pipeline
(about 1.5 s in all). Paid while partitions are already assigned, that lands on
the first real articles as latency; paid at start, it only delays readiness.
"""

#: A title, a dateline, names, places and a byline for every stage to chew on.
SAMPLE = """Harbour authority approves new ferry link between two island towns

By Maria Keller

PORTSMOUTH (Reuters) - The Solent Harbour Authority on Tuesday approved a new ferry link between Cowes and
Southampton, after months of talks with operators and local councils.

Chief executive John Mendez said the service would start in May and carry up to 400 passengers a trip.
The United Kingdom's transport ministry welcomed the decision.
"""
