#!/usr/bin/env python3
"""Every pod the chart renders meets the Kubernetes Pod Security Standard "restricted" and has a read-only root filesystem.

Usage: check_pod_security.py FILE_OR_DIR...   (rendered manifests: k8s/, helm template output)
Checked on each pod template (Deployment, StatefulSet, DaemonSet, Job, CronJob, Pod) and each of its containers,
init containers included, following https://kubernetes.io/docs/concepts/security/pod-security-standards/:
  baseline: no hostNetwork / hostPID / hostIPC, no privileged container, no hostPath volume, no hostPort, capabilities
            added only from the baseline list, no non-default procMount, no custom AppArmor/SELinux type, safe sysctls;
  restricted: volume types among configMap, csi, downwardAPI, emptyDir, ephemeral, persistentVolumeClaim, projected,
            secret; allowPrivilegeEscalation false; runAsNonRoot true (pod or container) and no runAsUser 0;
            seccompProfile RuntimeDefault or Localhost (pod or every container); capabilities drop ALL and add at most
            NET_BIND_SERVICE;
  and, beyond the standard: readOnlyRootFilesystem true on every container, and an emptyDir at /tmp wherever the root
  filesystem is read-only and the image is one of KnowledgeHub's (java.io.tmpdir holds the native libraries).
"""
import pathlib
import sys

import yaml

ALLOWED_VOLUMES = {"configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "persistentVolumeClaim", "projected", "secret"}
SAFE_SYSCTLS = {"kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range", "net.ipv4.ip_unprivileged_port_start",
                "net.ipv4.tcp_syncookies", "net.ipv4.ping_group_range", "net.ipv4.ip_local_reserved_ports",
                "net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout", "net.ipv4.tcp_keepalive_intvl",
                "net.ipv4.tcp_keepalive_probes"}
problems = []


def load(paths):
    docs = []
    for p in paths:
        p = pathlib.Path(p)
        files = sorted(p.glob("*.yaml")) if p.is_dir() else [p]
        for f in files:
            for d in yaml.safe_load_all(f.read_text()):
                if isinstance(d, dict) and d.get("kind"):
                    docs.append((f, d))
    return docs


def pod_spec(obj):
    kind = obj["kind"]
    if kind == "Pod":
        return obj["spec"]
    if kind == "CronJob":
        return obj["spec"]["jobTemplate"]["spec"]["template"]["spec"]
    if kind in ("Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job"):
        return obj["spec"]["template"]["spec"]
    return None


def check_pod(where, spec):
    def bad(text):
        problems.append(f"{where}: {text}")

    psc = spec.get("securityContext") or {}
    for host in ("hostNetwork", "hostPID", "hostIPC"):
        if spec.get(host):
            bad(f"{host} is set")
    for v in spec.get("volumes") or []:
        kinds = set(v) - {"name"}
        if not kinds <= ALLOWED_VOLUMES:
            bad(f"volume {v.get('name')} is of type {sorted(kinds - ALLOWED_VOLUMES)}, not allowed by the restricted profile")
    for s in psc.get("sysctls") or []:
        if s.get("name") not in SAFE_SYSCTLS:
            bad(f"sysctl {s.get('name')} is not a safe sysctl")
    if psc.get("runAsUser") == 0:
        bad("pod runAsUser is 0")
    pod_seccomp = (psc.get("seccompProfile") or {}).get("type")
    if pod_seccomp is not None and pod_seccomp not in ("RuntimeDefault", "Localhost"):
        bad(f"pod seccompProfile {pod_seccomp}")
    mounts_tmp = {v["name"] for v in spec.get("volumes") or [] if "emptyDir" in v}
    for c in (spec.get("initContainers") or []) + (spec.get("containers") or []) + (spec.get("ephemeralContainers") or []):
        name = f"container {c.get('name')}"
        sc = c.get("securityContext") or {}
        if sc.get("privileged"):
            bad(f"{name} is privileged")
        if sc.get("allowPrivilegeEscalation") is not False:
            bad(f"{name}: allowPrivilegeEscalation is not false")
        run_as_non_root = sc.get("runAsNonRoot", psc.get("runAsNonRoot"))
        if run_as_non_root is not True:
            bad(f"{name}: runAsNonRoot is not true (pod or container)")
        if sc.get("runAsUser") == 0:
            bad(f"{name}: runAsUser is 0")
        seccomp = (sc.get("seccompProfile") or {}).get("type", pod_seccomp)
        if seccomp not in ("RuntimeDefault", "Localhost"):
            bad(f"{name}: seccompProfile is {seccomp!r}, not RuntimeDefault or Localhost (pod or container)")
        caps = sc.get("capabilities") or {}
        if "ALL" not in (caps.get("drop") or []):
            bad(f"{name}: capabilities do not drop ALL")
        if set(caps.get("add") or []) - {"NET_BIND_SERVICE"}:
            bad(f"{name}: adds capabilities {caps.get('add')}")
        if sc.get("procMount") not in (None, "Default"):
            bad(f"{name}: procMount {sc.get('procMount')}")
        if (sc.get("seLinuxOptions") or {}).get("type") not in (None, "", "container_t", "container_init_t", "container_kvm_t"):
            bad(f"{name}: SELinux type {sc['seLinuxOptions']['type']}")
        for p in c.get("ports") or []:
            if p.get("hostPort"):
                bad(f"{name}: hostPort {p['hostPort']}")
        if sc.get("readOnlyRootFilesystem") is not True:
            bad(f"{name}: readOnlyRootFilesystem is not true")
        elif "knowledgehub-" in str(c.get("image", "")):
            tmp = [m for m in c.get("volumeMounts") or [] if m.get("mountPath") == "/tmp" and m.get("name") in mounts_tmp]
            if not tmp:
                bad(f"{name}: read-only root filesystem without an emptyDir at /tmp (java.io.tmpdir)")


def main(paths):
    pods = 0
    for f, d in load(paths):
        spec = pod_spec(d)
        if spec is None:
            continue
        pods += 1
        check_pod(f"{f.name}: {d['kind']}/{d['metadata']['name']}", spec)
    for p in problems:
        print(f"FAIL {p}", file=sys.stderr)
    if pods == 0:
        print("FAIL no pod templates found", file=sys.stderr)
        return 1
    if not problems:
        print(f"{pods} pod templates: Pod Security 'restricted' and read-only root filesystem: OK")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
