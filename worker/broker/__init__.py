"""A real single-node Apache Kafka (KRaft) for the demo, tests and benchmarks."""

from worker.broker.local import BrokerError, LocalBroker, fetch_jars

__all__ = ["BrokerError", "LocalBroker", "fetch_jars"]
