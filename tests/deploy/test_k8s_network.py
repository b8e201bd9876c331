"""The NetworkPolicies of each overlay allow exactly the designed connections, and nothing else.

A small evaluator of the NetworkPolicy semantics the manifests use (pod/namespace selectors with matchLabels
and matchExpressions, ipBlock with except, numbered and named ports, policyTypes, default deny by selection)
computes, for every pair of endpoints and every port the destination listens on, whether a connection is
allowed, and the result must equal the designed matrix below. It models one pod per workload of the overlay,
plus the ingress controller, cluster DNS, Prometheus in `monitoring`, a pod in another namespace, the database
and the internet.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field
from typing import Any

import pytest

from .manifests import GRPC_SERVICES, NAMESPACES, Rendered

Selector = dict[str, Any]
METRICS_PORT = 9100  # every service's Prometheus endpoint (METRICS_PORT in its Deployment)


@dataclass(frozen=True)
class Endpoint:
    name: str
    namespace: str | None  # None: outside the cluster, reachable by IP only
    labels: dict[str, str] = field(default_factory=dict, hash=False)
    listens: tuple[tuple[int, str], ...] = ()  # (port, protocol)
    named_ports: dict[str, int] = field(default_factory=dict, hash=False)
    ip: str | None = None


def selects(selector: Selector, labels: dict[str, str]) -> bool:
    if any(labels.get(k) != v for k, v in selector.get("matchLabels", {}).items()):
        return False
    for expr in selector.get("matchExpressions", []):
        key, op, values = expr["key"], expr["operator"], expr.get("values", [])
        ok = {
            "In": key in labels and labels[key] in values,
            "NotIn": key not in labels or labels[key] not in values,
            "Exists": key in labels,
            "DoesNotExist": key not in labels,
        }[op]
        if not ok:
            return False
    return True


def peer_matches(peer: dict[str, Any], policy_namespace: str, endpoint: Endpoint) -> bool:
    if "ipBlock" in peer:
        if endpoint.ip is None:
            return False
        address = ipaddress.ip_address(endpoint.ip)
        block = peer["ipBlock"]
        inside = address in ipaddress.ip_network(block["cidr"])
        return inside and not any(address in ipaddress.ip_network(c) for c in block.get("except", []))
    if endpoint.namespace is None:
        return False
    if "namespaceSelector" in peer:
        namespace_labels = {"kubernetes.io/metadata.name": endpoint.namespace}
        namespace_ok = selects(peer["namespaceSelector"], namespace_labels)
    else:
        namespace_ok = endpoint.namespace == policy_namespace
    return namespace_ok and selects(peer.get("podSelector", {}), endpoint.labels)


def port_matches(rule: dict[str, Any], port: int, protocol: str, destination: Endpoint) -> bool:
    if not rule.get("ports"):
        return True
    for item in rule["ports"]:
        if item.get("protocol", "TCP") != protocol:
            continue
        if "port" not in item:
            return True
        first = item["port"]
        first = destination.named_ports.get(first) if isinstance(first, str) else first
        if first is not None and first <= port <= item.get("endPort", first):
            return True
    return False


def policy_types(policy: dict[str, Any]) -> list[str]:
    spec = policy["spec"]
    return spec.get("policyTypes") or ["Ingress", *(["Egress"] if "egress" in spec else [])]


def side_allows(
    policies: list[dict[str, Any]],
    namespace: str,
    direction: str,
    src: Endpoint,
    dst: Endpoint,
    port: int,
    proto: str,
) -> bool:
    """Whether the Egress policies of `src` (or the Ingress policies of `dst`) let the connection through."""
    subject, peer, peers_key = (src, dst, "to") if direction == "Egress" else (dst, src, "from")
    if subject.namespace != namespace:
        return True  # not governed by this namespace's policies
    chosen = [
        p
        for p in policies
        if direction in policy_types(p) and selects(p["spec"]["podSelector"], subject.labels)
    ]
    if not chosen:
        return True  # not isolated
    for policy in chosen:
        for rule in policy["spec"].get(direction.lower(), []):
            peers = rule.get(peers_key)
            if (not peers or any(peer_matches(p, namespace, peer) for p in peers)) and port_matches(
                rule, port, proto, dst
            ):
                return True
    return False


def allowed(
    policies: list[dict[str, Any]], namespace: str, src: Endpoint, dst: Endpoint, port: int, proto: str
) -> bool:
    return all(side_allows(policies, namespace, d, src, dst, port, proto) for d in ("Egress", "Ingress"))


def endpoints(rendered: Rendered) -> list[Endpoint]:
    namespace = NAMESPACES[rendered.name]
    found = []
    for owner, template in rendered.pod_templates():
        ports = [p for c in template["spec"]["containers"] for p in c.get("ports", [])]
        found.append(
            Endpoint(
                owner["metadata"]["name"],
                namespace,
                template["metadata"]["labels"],
                tuple((p["containerPort"], p.get("protocol", "TCP")) for p in ports),
                {p["name"]: p["containerPort"] for p in ports if "name" in p},
            )
        )
    found += [
        Endpoint(
            "ingress-controller",
            "ingress-nginx",
            {"app.kubernetes.io/name": "ingress-nginx"},
            ((443, "TCP"),),
        ),
        Endpoint("kube-dns", "kube-system", {"k8s-app": "kube-dns"}, ((53, "UDP"), (53, "TCP"))),
        Endpoint("prometheus", "monitoring", {"app.kubernetes.io/name": "prometheus"}, ((9090, "TCP"),)),
        Endpoint("elsewhere", "other-team", {"app.kubernetes.io/name": "gateway"}, ((8000, "TCP"),)),
        Endpoint("internet", None, {}, ((443, "TCP"), (5432, "TCP")), ip="203.0.113.7"),
    ]
    if not rendered.has("StatefulSet", "postgresql"):  # prod: the external database, inside the allowed block
        egress = rendered.get("NetworkPolicy", "database-clients")["spec"]["egress"][0]["to"][0]
        address = str(next(ipaddress.ip_network(egress["ipBlock"]["cidr"]).hosts()))
        found.append(Endpoint("postgresql", None, {}, ((5432, "TCP"),), ip=address))
    return found


def designed(rendered: Rendered, src: Endpoint, dst: Endpoint, port: int) -> bool:
    namespace = NAMESPACES[rendered.name]
    database_clients = {*GRPC_SERVICES, *(f"{n}-migrate" for n in GRPC_SERVICES)}
    edges = {
        ("ingress-controller", "gateway", 8000),
        *(("gateway", name, port) for name, port in GRPC_SERVICES.items()),
        ("analysis", "rules", GRPC_SERVICES["rules"]),
        ("analysis", "locations", GRPC_SERVICES["locations"]),
        ("rules", "locations", GRPC_SERVICES["locations"]),
        *((client, "postgresql", 5432) for client in database_clients),
        # Prometheus scrapes the metrics port of every service and of the gateway (never its public 8000).
        *(("prometheus", name, METRICS_PORT) for name in (*GRPC_SERVICES, "gateway")),
    }
    if src.namespace != namespace and dst.namespace != namespace:
        return True  # outside our namespace entirely: not ours to rule
    if dst.name == "kube-dns":
        return True  # every pod of ours resolves names
    return (src.name, dst.name, port) in edges


@pytest.mark.parametrize("name", ["dev", "prod"])
def test_network_policies_allow_exactly_the_designed_connections(rendered_all: dict, name: str) -> None:
    rendered = rendered_all[name]
    policies = rendered.of_kind("NetworkPolicy")
    assert rendered.get("NetworkPolicy", "default-deny")["spec"] == {
        "podSelector": {},
        "policyTypes": ["Ingress", "Egress"],
    }
    namespace = NAMESPACES[name]
    everyone = endpoints(rendered)
    wrong = []
    for src in everyone:
        for dst in everyone:
            if src is dst:
                continue
            for port, proto in dst.listens:
                want = designed(rendered, src, dst, port)
                edge = f"{src.name} → {dst.name}:{port}/{proto}"
                if allowed(policies, namespace, src, dst, port, proto) != want:
                    wrong.append(f"{edge} {'denied' if want else 'allowed'}")
                # Defence in depth: the sender's egress and the receiver's ingress each enforce the design.
                for direction, subject in (("Egress", src), ("Ingress", dst)):
                    alone = side_allows(policies, namespace, direction, src, dst, port, proto)
                    if subject.namespace == namespace and alone != want:
                        wrong.append(
                            f"{edge} {'denied' if want else 'allowed'} by {direction} policies alone"
                        )
    assert not wrong, "\n".join(wrong)


def test_the_evaluator_denies_what_no_policy_allows(rendered_all: dict) -> None:
    dev = rendered_all["dev"]
    pods = {e.name: e for e in endpoints(dev)}
    policies = dev.of_kind("NetworkPolicy")
    assert allowed(policies, "wie-dev", pods["gateway"], pods["auth"], 50051, "TCP")
    assert not allowed(policies, "wie-dev", pods["auth"], pods["rules"], 50052, "TCP")
    assert not allowed(policies, "wie-dev", pods["gateway"], pods["postgresql"], 5432, "TCP")
    assert not allowed(policies, "wie-dev", pods["elsewhere"], pods["analysis"], 50054, "TCP")
    assert allowed([], "wie-dev", pods["auth"], pods["rules"], 50052, "TCP")  # no policy selects: open


@pytest.mark.parametrize("name", ["dev", "prod"])
def test_every_pod_says_where_prometheus_scrapes_it(rendered_all: dict, name: str) -> None:
    rendered = rendered_all[name]
    for owner, template in rendered.pod_templates():
        if owner["kind"] != "Deployment":
            continue
        annotations = template["metadata"].get("annotations", {})
        where = owner["metadata"]["name"]
        assert annotations.get("prometheus.io/scrape") == "true", where
        assert annotations.get("prometheus.io/path") == "/metrics", where
        (container,) = template["spec"]["containers"]
        ports = {p["containerPort"] for p in container["ports"]}
        assert int(annotations["prometheus.io/port"]) in ports, where
        if where in (*GRPC_SERVICES, "gateway"):
            env = {e["name"]: e.get("value") for e in container["env"]}
            assert env["METRICS_PORT"] == str(METRICS_PORT) == annotations["prometheus.io/port"], where
            service = rendered.get("Service", where)
            assert {"name": "metrics", "port": METRICS_PORT} in [
                {k: p[k] for k in ("name", "port")} for p in service["spec"]["ports"]
            ], where
