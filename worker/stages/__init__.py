"""Pure, typed processing stages. Nothing in this package imports Kafka or faust.

Each stage is a plain function (or a small class holding its state) so that the
worker, ``ingest process`` and the benchmarks run exactly the same code.
"""
