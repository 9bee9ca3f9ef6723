"""A real single-node Apache Kafka (KRaft) for the demo, tests and benchmarks; never used by the worker."""

from worker.tools.broker.jars import BrokerError, fetch_jars
from worker.tools.broker.local import LocalBroker, free_port
from worker.tools.broker.settings import DevSettings, dev_settings

__all__ = ["BrokerError", "DevSettings", "LocalBroker", "dev_settings", "fetch_jars", "free_port"]
