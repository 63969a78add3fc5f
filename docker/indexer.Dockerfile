# syntax=docker/dockerfile:1
# KnowledgeHub indexer: chunking, embedding and index writing worker (queue rag_jobs:pending); /health and /metrics on port 8080.
# Build from the repository root after `./mvnw -B -DskipTests install` has produced indexer/service/target/quarkus-app:
#   docker build -f docker/indexer.Dockerfile -t knowledgehub-indexer .
# The lean variant, without the in-process embedding model (ONNX Runtime and the model jars; it embeds only through
# TRANSFORMERS_INFERENCE_API and refuses to start without it), from `./mvnw -B -DskipTests -Dkh.embeddings=http
# -pl api,indexer/service install`:
#   docker build -f docker/indexer.Dockerfile --build-arg APP=indexer/service/target/quarkus-app-lean -t knowledgehub-indexer-lean .
# docker/indexer.Dockerfile.dockerignore keeps the build context to that folder and the entrypoint.
ARG JAVA_IMAGE=eclipse-temurin:21-jre-noble
FROM ${JAVA_IMAGE}
# The packaged app to copy: the full one, or indexer/service/target/quarkus-app-lean for the lean image.
ARG APP=indexer/service/target/quarkus-app

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
COPY --chown=10001:10001 ${APP}/lib/ /deployments/lib/
COPY --chown=10001:10001 ${APP}/quarkus-run.jar /deployments/
COPY --chown=10001:10001 ${APP}/app/ /deployments/app/
COPY --chown=10001:10001 ${APP}/quarkus/ /deployments/quarkus/
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
HEALTHCHECK --interval=30s --timeout=5s --start-period=90s --retries=3 \
  CMD curl -fsS -o /dev/null "http://127.0.0.1:${QUARKUS_HTTP_PORT}/health" || exit 1
ENTRYPOINT ["/deployments/run.sh"]
