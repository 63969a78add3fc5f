#!/bin/sh
# Starts a KnowledgeHub service from its Quarkus fast-jar. JAVA_OPTS comes from the image (heap sizing, the
# jdk.incubator.vector module), JAVA_OPTS_APPEND from the deployment; arguments go to the application
# (the scheduler's one-shot mode: `once`).
set -e
# shellcheck disable=SC2086 # word splitting of the option lists is intended
exec java $JAVA_OPTS $JAVA_OPTS_APPEND -jar /deployments/quarkus-run.jar "$@"
