#!/bin/sh
# kafka-run-class.sh of the stand-in image: run one main class on the Kafka classpath.
# Tools live for a second or two (kafka-init, the healthcheck): the C1 compiler
# alone and the serial GC start them about a third faster on a small machine.
# shellcheck disable=SC2086  # KAFKA_HEAP_OPTS holds several flags
exec java ${KAFKA_HEAP_OPTS:--Xmx256m} -XX:TieredStopAtLevel=1 -XX:+UseSerialGC \
  -Dlog4j.configuration=file:/etc/kafka/docker/tools-log4j.properties -cp '/opt/kafka/libs/*' "$@"
