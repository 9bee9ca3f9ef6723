"""``ingest dlq redrive``: send DLQ records back through the pipeline once their cause is fixed.

Each record goes back to the hop that rejected it, as the bytes that hop read
(:mod:`.route`), with the ``ingest-redrive`` header naming its DLQ coordinates.
A compacted ledger topic (:mod:`.ledger`) lists what was sent, so a second run
sends nothing new, and a run that died mid-send is resumed without sending
anything twice. :mod:`.run` ties them together and counts.
"""

from worker.tools.redrive.run import RedriveError, Summary, listing, redrive

__all__ = ["RedriveError", "Summary", "listing", "redrive"]
