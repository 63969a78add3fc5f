#!/usr/bin/env python3
"""Static checks of docker/: no Docker engine is needed (and none exists on the development machines).

Each Dockerfile: a Java 21+ runtime base, the service's Quarkus fast-jar folder copied (quarkus-run.jar, lib/, app/,
quarkus/), a numeric non-root USER, JAVA_OPTS with --add-modules jdk.incubator.vector, EXPOSE of the service's port,
a HEALTHCHECK on /health (the scheduler, a one-shot process, has HEALTHCHECK NONE), for the api and the indexer a
build argument APP that switches to the lean package (-Dkh.embeddings=http), and a .dockerignore that lets
the copied folders into the build context. docker-compose.yml: the services, the spec's ports (3000, 3101 for the UI,
8090 for Weaviate, on loopback), the environment every service reads, and health-gated start order; and security: the
api has API keys on with KH_ADMIN_API_KEY and SECRET_KEY required from docker/.env (compose's ${VAR:?message}), the
PostgreSQL and Redis passwords are required too (no default password), Redis starts with --requirepass and REDIS_URL
carries the password, and nothing but the api is published on every interface of the host.
The native Dockerfiles (crawler, scheduler): the `-runner` executable copied as the ENTRYPOINT, a non-JVM base, and
the same numeric USER, port variable, EXPOSE, KH_DATA_DIR, HEALTHCHECK (but its start period) and CMD as the JVM
image (the chart runs either by image tag), with a .dockerignore that lets the executable, and nothing else, into the
build context.

Usage: docker/check_docker.py   (exit 1 and one line per problem on failure; needs Python 3 and PyYAML)
"""
import fnmatch
import pathlib
import re
import sys

import yaml

ROOT = pathlib.Path(__file__).resolve().parent.parent
SERVICES = {
    # service: (fast-jar folder, HTTP port, port variable, long-running)
    "api": ("api/target/quarkus-app-cluster", 3000, "API_PORT", True),
    "crawler": ("crawler/service/target/quarkus-app", 8080, "QUARKUS_HTTP_PORT", True),
    "indexer": ("indexer/service/target/quarkus-app", 8080, "QUARKUS_HTTP_PORT", True),
    "scheduler": ("scheduler/service/target/quarkus-app", 8080, "QUARKUS_HTTP_PORT", False),
}
ENV_EVERYWHERE = ["DATABASE_URL", "REDIS_URL", "WEAVIATE_URL", "TRANSFORMERS_INFERENCE_API", "SEARCH_CACHE_TTL",
                  "KH_JOBS_WORKERS_ENABLED", "SCHEDULER_ENABLED"]

problems = []


# The lean packages (`-Dkh.embeddings=http`, no in-process model), built into the same images with --build-arg APP=...
LEAN = {
    "api": "api/target/quarkus-app-cluster-lean",
    "indexer": "indexer/service/target/quarkus-app-lean",
}


def problem(where, text):
    problems.append(f"{where}: {text}")


def instructions(text):
    """Dockerfile instructions with continuation lines joined, comments dropped."""
    out, current = [], ""
    for line in text.splitlines():
        if not current and (not line.strip() or line.lstrip().startswith("#")):
            continue
        current += line.rstrip("\\").strip() + " " if line.rstrip().endswith("\\") else line.strip()
        if not line.rstrip().endswith("\\"):
            out.append(current)
            current = ""
    return [(i.split(None, 1)[0].upper(), i.split(None, 1)[1] if " " in i else "") for i in out]


def ignored(patterns, path):
    """Docker's .dockerignore rule: the last matching pattern wins, '!' re-includes."""
    result = False
    for p in patterns:
        neg = p.startswith("!")
        pat = p[1:] if neg else p
        pat = pat.rstrip("/")
        parts = path.split("/")
        if any(fnmatch.fnmatch("/".join(parts[:i]), pat) for i in range(1, len(parts) + 1)):
            result = not neg
    return result


def check_dockerfile(name, folder, port, port_var, long_running):
    f = ROOT / "docker" / f"{name}.Dockerfile"
    where = str(f.relative_to(ROOT))
    if not f.exists():
        problem(where, "missing")
        return
    ins = instructions(f.read_text())
    args = {v.split("=", 1)[0]: v.split("=", 1)[1] for k, v in ins if k == "ARG" and "=" in v}
    froms = [v for k, v in ins if k == "FROM"]
    base = re.sub(r"\$\{(\w+)\}", lambda m: args.get(m.group(1), m.group(0)), froms[-1]) if froms else ""
    m = re.match(r"(?:[\w.-]+/)?(?:eclipse-temurin|amazoncorretto|ibm-semeru-runtimes|openjdk|"
                 r"registry\.access\.redhat\.com/ubi\d/openjdk-):?(\d+)", base)
    if not m or int(m.group(1)) < 21:
        problem(where, f"base image '{base}' is not a Java 21+ runtime")
    copies = re.sub(r"\$\{(\w+)\}", lambda m: args.get(m.group(1), m.group(0)),
                    " ".join(v for k, v in ins if k == "COPY"))
    for part in ("quarkus-run.jar", "lib/", "app/", "quarkus/"):
        if f"{folder}/{part}" not in copies:
            problem(where, f"does not copy {folder}/{part}")
        if name in LEAN and f"${{APP}}/{part}" not in " ".join(v for k, v in ins if k == "COPY"):
            problem(where, f"does not copy ${{APP}}/{part}: --build-arg APP={LEAN[name]} cannot build the lean image")
    users = [v for k, v in ins if k == "USER"]
    if not users or not re.fullmatch(r"[1-9]\d*(:\d+)?", users[-1].strip()):
        problem(where, f"last USER {users[-1:]} is not a numeric non-root user (Kubernetes runAsNonRoot needs one)")
    env = " ".join(v for k, v in ins if k == "ENV")
    if "--add-modules jdk.incubator.vector" not in env or "JAVA_OPTS=" not in env:
        problem(where, "JAVA_OPTS does not add jdk.incubator.vector")
    if f"{port_var}={port}" not in env:
        problem(where, f"ENV does not set {port_var}={port}")
    if str(port) not in " ".join(v for k, v in ins if k == "EXPOSE").split():
        problem(where, f"does not EXPOSE {port}")
    health = [v for k, v in ins if k == "HEALTHCHECK"]
    if long_running and not any("/health" in h for h in health):
        problem(where, "no HEALTHCHECK on /health")
    if not long_running and health != ["NONE"]:
        problem(where, "a one-shot service should say HEALTHCHECK NONE")
    if not any(k == "ENTRYPOINT" for k, _ in ins):
        problem(where, "no ENTRYPOINT")
    ign = f.with_name(f.name + ".dockerignore")
    if not ign.exists():
        problem(where, f"no {ign.name}: the whole repository would be the build context")
    else:
        patterns = [l.strip() for l in ign.read_text().splitlines() if l.strip() and not l.startswith("#")]
        folders = [folder] + ([LEAN[name]] if name in LEAN else [])
        for path in [p for d in folders for p in (f"{d}/quarkus-run.jar", f"{d}/lib/main/x.jar")] + ["docker/entrypoint.sh"]:
            if ignored(patterns, path):
                problem(str(ign.relative_to(ROOT)), f"excludes {path}, which the Dockerfile copies")
        if not ignored(patterns, "core/src/main/java/X.java"):
            problem(str(ign.relative_to(ROOT)), "lets the sources into the build context")


NATIVE = ("crawler", "scheduler")


def check_native(name):
    f = ROOT / "docker" / f"{name}.Dockerfile.native"
    where = str(f.relative_to(ROOT))
    if not f.exists():
        problem(where, "missing")
        return
    ins = instructions(f.read_text())
    jvm = instructions((ROOT / "docker" / f"{name}.Dockerfile").read_text())

    def last(kind, instrs):
        values = [v.strip() for k, v in instrs if k == kind]
        return values[-1] if values else None

    def env(instrs):
        return dict(re.findall(r'(\w+)=("[^"]*"|\S+)', " ".join(v for k, v in instrs if k == "ENV")))

    args = {v.split("=", 1)[0]: v.split("=", 1)[1] for k, v in ins if k == "ARG" and "=" in v}
    base = re.sub(r"\$\{(\w+)\}", lambda m: args.get(m.group(1), m.group(0)), last("FROM", ins) or "")
    if re.search(r"temurin|openjdk|corretto|semeru|jre|jdk", base):
        problem(where, f"base image '{base}' carries a JVM: a native executable needs none")
    runner = f"{name}/service/target/*-runner"
    copy = [v for k, v in ins if k == "COPY" and runner in v]
    if not copy or "/deployments/application" not in copy[0]:
        problem(where, f"does not copy {runner} to /deployments/application")
    if last("ENTRYPOINT", ins) != '["/deployments/application"]':
        problem(where, f"ENTRYPOINT {last('ENTRYPOINT', ins)} is not the native executable")
    for kind in ("USER", "EXPOSE", "CMD", "HEALTHCHECK"):   # the native one may start sooner: --start-period aside
        same = [re.sub(r"--start-period=\S+ ", "", last(kind, i) or "") for i in (ins, jvm)]
        if same[0] != same[1]:
            problem(where, f"{kind} {last(kind, ins)!r} differs from the JVM image's {last(kind, jvm)!r}")
    native_env, jvm_env = env(ins), env(jvm)
    for var in ("QUARKUS_HTTP_PORT", "KH_DATA_DIR", "HOME"):
        if native_env.get(var) != jvm_env.get(var):
            problem(where, f"ENV {var}={native_env.get(var)} differs from the JVM image's {jvm_env.get(var)}")
    ign = f.with_name(f.name + ".dockerignore")
    patterns = [l.strip() for l in ign.read_text().splitlines() if l.strip() and not l.startswith("#")] \
        if ign.exists() else []
    if not ign.exists() or ignored(patterns, f"{name}/service/target/{name}-service-0.1.0-runner") \
            or not ignored(patterns, f"{name}/service/target/quarkus-app/quarkus-run.jar"):
        problem(where, f"{ign.name} must let exactly the -runner executable into the build context")


def check_compose():
    f = ROOT / "docker" / "docker-compose.yml"
    where = "docker/docker-compose.yml"
    try:
        doc = yaml.safe_load(f.read_text())
    except (OSError, yaml.YAMLError) as e:
        problem(where, f"unreadable: {e}")
        return
    services = doc.get("services", {})
    for s in ("postgres", "redis", "weaviate", "t2v-transformers", *SERVICES):
        if s not in services:
            problem(where, f"no service {s}")
    if problems:
        return
    api_ports = [str(p) for p in services["api"].get("ports", [])]
    for want in ("3000:3000", "3101:3000"):
        if want not in api_ports:
            problem(where, f"api does not publish {want}")
    if "127.0.0.1:8090:8080" not in [str(p) for p in services["weaviate"].get("ports", [])]:
        problem(where, "weaviate is not published on 127.0.0.1:8090 (the tutorials' http://localhost:8090/v1/meta; "
                       "it allows anonymous access, so loopback only)")
    for name, svc in services.items():
        for p in svc.get("ports", []) or []:
            if name != "api" and not str(p).startswith("127.0.0.1:"):
                problem(where, f"{name} publishes {p} on every interface of the host; bind it to 127.0.0.1")
    check_compose_security(where, f.read_text(), services)
    wenv = services["weaviate"].get("environment", {})
    if wenv.get("DEFAULT_VECTORIZER_MODULE") != "none":
        problem(where, "weaviate has a vectorizer module: KnowledgeHub brings its own vectors")
    for name, (_, port, port_var, _) in SERVICES.items():
        svc = services[name]
        env = svc.get("environment", {})
        if not isinstance(env, dict):
            problem(where, f"{name}: environment should be a mapping")
            continue
        for key in ENV_EVERYWHERE + [port_var]:
            if key not in env:
                problem(where, f"{name}: no {key}")
        if str(env.get(port_var)) != str(port):
            problem(where, f"{name}: {port_var} is {env.get(port_var)!r}, expected {port}")
        if not str(env.get("DATABASE_URL", "")).startswith("postgresql://"):
            problem(where, f"{name}: DATABASE_URL is not a postgresql:// URL")
        if not str(env.get("REDIS_URL", "")).startswith("redis://"):
            problem(where, f"{name}: REDIS_URL is not a redis:// URL")
        if svc.get("build", {}).get("dockerfile") != f"docker/{name}.Dockerfile":
            problem(where, f"{name}: not built from docker/{name}.Dockerfile")
    if services["api"]["environment"].get("KH_JOBS_WORKERS_ENABLED") != "false" \
            or services["api"]["environment"].get("SCHEDULER_ENABLED") != "false":
        problem(where, "the api must run no workers and no scheduler (KH_JOBS_WORKERS_ENABLED / SCHEDULER_ENABLED false)")
    for name in ("crawler", "indexer"):
        if services[name]["environment"].get("KH_JOBS_WORKERS_ENABLED") != "true":
            problem(where, f"{name}: KH_JOBS_WORKERS_ENABLED is not \"true\"")
    for name in ("crawler", "indexer", "scheduler"):
        dep = services[name].get("depends_on", {})
        if not isinstance(dep, dict) or dep.get("api", {}).get("condition") != "service_healthy":
            problem(where, f"{name}: does not wait for a healthy api (which migrates the database)")
    for name in ("postgres", "redis"):
        if "healthcheck" not in services[name]:
            problem(where, f"{name}: no healthcheck")


def required(value, var):
    """True when value is compose's required-variable form ${VAR:?message} (or contains it)."""
    return re.search(r"\$\{" + var + r":\?[^}]+\}", str(value or "")) is not None


def check_compose_security(where, text, services):
    if re.search(r"change-?me", text, re.I):
        problem(where, "holds a change-me default password")
    api = services["api"].get("environment", {})
    if str(api.get("KH_AUTH_ENABLED", "")) not in ("true", "${KH_AUTH_ENABLED:-true}"):
        problem(where, f"api: KH_AUTH_ENABLED is {api.get('KH_AUTH_ENABLED')!r}, expected true by default")
    for var in ("KH_ADMIN_API_KEY", "SECRET_KEY"):
        if not required(api.get(var), var):
            problem(where, f"api: {var} is not required from the environment (${{{var}:?set {var}...}})")
    if str(api.get("QUARKUS_MANAGEMENT_PORT")) != "9090":
        problem(where, "api: /metrics is not on the management port 9090 (QUARKUS_MANAGEMENT_PORT)")
    pg = services["postgres"].get("environment", {})
    if not required(pg.get("POSTGRES_PASSWORD"), "POSTGRES_PASSWORD"):
        problem(where, "postgres: POSTGRES_PASSWORD is not required from the environment")
    redis = services["redis"]
    if "--requirepass" not in " ".join(map(str, redis.get("command", []) or [])) \
            or not required((redis.get("environment") or {}).get("REDIS_PASSWORD"), "REDIS_PASSWORD"):
        problem(where, "redis: does not start with --requirepass and a required REDIS_PASSWORD")
    for name in SERVICES:
        env = services[name].get("environment", {})
        if not required(env.get("DATABASE_URL"), "POSTGRES_PASSWORD"):
            problem(where, f"{name}: DATABASE_URL does not carry the required POSTGRES_PASSWORD")
        if not str(env.get("REDIS_URL", "")).startswith("redis://:${REDIS_PASSWORD:?"):
            problem(where, f"{name}: REDIS_URL does not carry the required REDIS_PASSWORD (redis://:PASSWORD@redis:6379/0)")


def main():
    for name, spec in SERVICES.items():
        check_dockerfile(name, *spec)
    for name in NATIVE:
        check_native(name)
    check_compose()
    for p in problems:
        print(f"FAIL {p}", file=sys.stderr)
    print(f"docker/: {len(SERVICES)} Dockerfiles, {len(NATIVE)} native ones and docker-compose.yml: "
          f"{'OK' if not problems else f'{len(problems)} problem(s)'}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
