# syntax=docker/dockerfile:1
# KnowledgeHub scheduler: enqueues the source refreshes that are due, then exits (CronJob).
# Build from the repository root after `./mvnw -B -DskipTests install` has produced scheduler/service/target/quarkus-app:
#   docker build -f docker/scheduler.Dockerfile -t knowledgehub-scheduler .
# docker/scheduler.Dockerfile.dockerignore keeps the build context to that folder and the entrypoint.
ARG JAVA_IMAGE=eclipse-temurin:21-jre-noble
FROM ${JAVA_IMAGE}

# curl for the HEALTHCHECK; a system user and group 10001 (the chart's runAsUser/runAsGroup) with a home
# directory, where the tokenizer library unpacks its native code.
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 kh \
 && useradd --system --uid 10001 --gid 10001 --home-dir /home/kh --create-home --shell /usr/sbin/nologin kh \
 && mkdir -p /deployments/data \
 && chown -R 10001:10001 /deployments

WORKDIR /deployments
# The Quarkus fast-jar layout, dependencies first so that a code change rebuilds only the last layers.
COPY --chown=10001:10001 scheduler/service/target/quarkus-app/lib/ /deployments/lib/
COPY --chown=10001:10001 scheduler/service/target/quarkus-app/quarkus-run.jar /deployments/
COPY --chown=10001:10001 scheduler/service/target/quarkus-app/app/ /deployments/app/
COPY --chown=10001:10001 scheduler/service/target/quarkus-app/quarkus/ /deployments/quarkus/
COPY --chown=10001:10001 --chmod=755 docker/entrypoint.sh /deployments/run.sh

# --add-modules jdk.incubator.vector: Lucene's and the embedding code's SIMD paths.
ENV JAVA_OPTS="-XX:MaxRAMPercentage=75.0 -XX:+ExitOnOutOfMemoryError --add-modules jdk.incubator.vector -Djava.util.logging.manager=org.jboss.logmanager.LogManager" \
    JAVA_OPTS_APPEND="" \
    QUARKUS_HTTP_PORT=8080 \
    KH_DATA_DIR=/deployments/data \
    HOME=/home/kh \
    LANG=C.UTF-8

USER 10001:10001
EXPOSE 8080
# No HEALTHCHECK: the scheduler runs once (`refresh-due`: enqueue the refreshes that are due, exit 0) from a CronJob or
# the compose loop, so there is no long-lived process whose /health could be polled; its exit code is its health.
HEALTHCHECK NONE
ENTRYPOINT ["/deployments/run.sh"]
CMD ["refresh-due"]
