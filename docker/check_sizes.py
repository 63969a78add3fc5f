#!/usr/bin/env python3
"""Size of each service's packaged app, and the dependencies a service must not carry.

Run after `./mvnw -DskipTests install` (CI runs it after the test suite and before building images). Prints, per
deployable, the size of its Quarkus fast-jar folder and of its lib/, the jar count and the biggest jars; exits 1 when
a service carries a library it has no use for:
  scheduler: no ONNX Runtime, DJL, embedding model, Lucene, Weaviate client or gRPC (it only queues crawl jobs);
  crawler:   no ONNX Runtime, DJL or embedding model (it fetches pages; the indexer embeds them).
The api and the indexer carry the in-process model: whether they embed in process or call the inference server
(TRANSFORMERS_INFERENCE_API) is decided at run time, and the tokenizer (DJL) sizes chunks in both cases.
Usage: python3 docker/check_sizes.py [--markdown]
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
}
MODEL = [r"onnxruntime", r"^ai\.djl\.", r"langchain4j-embeddings"]
FORBIDDEN = {
    "scheduler": MODEL + [r"^org\.apache\.lucene\.", r"^io\.weaviate\.", r"^io\.grpc\.", r"knowledgehub-lucene",
                          r"knowledgehub-weaviate", r"knowledgehub-embeddings"],
    "crawler": MODEL + [r"knowledgehub-embeddings"],
}


def size(path):
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def mb(n):
    return f"{n / 1024 / 1024:.0f} MB"


def main():
    markdown = "--markdown" in sys.argv[1:]
    failed = False
    missing = []
    rows = []
    for name, folder in APPS.items():
        app = ROOT / folder
        if not (app / "quarkus-run.jar").is_file():
            missing.append(folder)
            continue
        jars = sorted((app / "lib").rglob("*.jar"), key=lambda f: -f.stat().st_size)
        rows.append((name, mb(size(app)), mb(size(app / "lib")), len(jars),
                     ", ".join(f"{j.name} ({mb(j.stat().st_size)})" for j in jars[:3])))
        for pattern in FORBIDDEN.get(name, []):
            for j in jars:
                if re.search(pattern, j.name):
                    print(f"FAIL {name} carries {j.name} ({mb(j.stat().st_size)}), which it must not", file=sys.stderr)
                    failed = True
    if markdown:
        print("| service | packaged app | lib/ | jars | biggest jars |\n|---|---|---|---|---|")
        for r in rows:
            print("| " + " | ".join(str(c) for c in r) + " |")
    else:
        for r in rows:
            print(f"{r[0]:<17} {r[1]:>7} (lib/ {r[2]}, {r[3]} jars)  biggest: {r[4]}")
    for m in missing:
        print(f"SKIPPED {m}: not built (./mvnw -DskipTests install)")
    if not rows:
        print("FAIL no packaged app found", file=sys.stderr)
        return 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
