"""Regenerates the networkx k-shortest-path goldens used by ReferenceOrderTests (run from this folder).

Each golden line is "source target: path | path | ..." with paths as node positions (0-based, in the order of the
file's "nodes"), from networkx.shortest_simple_paths(G, s, t, weight=<km attribute>) on the undirected graph read by
node_link_graph, first K paths, for every ordered pair. Generated with networkx 3.6.1.
"""
import itertools
import json
import sys

import networkx as nx

REFERENCE = "/work/shared/reference/topologies/xlron/"


def load(path):
    with open(path) as f:
        data = json.load(f)
    graph = nx.node_link_graph(data, edges="links")
    order = [n["id"] for n in data["nodes"]]
    key = "distance" if "distance" in data["links"][0] else "length"
    return graph, order, key


def write(name, graph, order, key, k):
    position = {node: i for i, node in enumerate(order)}
    with open(name, "w") as out:
        out.write(f"# networkx {nx.__version__} shortest_simple_paths, weight={key}, k={k}\n")
        for s, t in itertools.permutations(order, 2):
            paths = itertools.islice(nx.shortest_simple_paths(graph, s, t, weight=key), k)
            text = " | ".join(" ".join(str(position[v]) for v in p) for p in paths)
            out.write(f"{position[s]} {position[t]}: {text}\n")


def grid(rows, cols):
    """A unit-length grid in node-link form: every pair has many equal-length paths."""
    nodes = [{"id": r * cols + c} for r in range(rows) for c in range(cols)]
    links = []
    for r in range(rows):
        for c in range(cols):
            v = r * cols + c
            if c + 1 < cols:
                links.append({"source": v, "target": v + 1, "distance": 100})
            if r + 1 < rows:
                links.append({"source": v, "target": v + cols, "distance": 100})
    return {"directed": False, "multigraph": False, "graph": {}, "nodes": nodes, "links": links}


if __name__ == "__main__":
    for name in ["nsfnet_deeprmsa", "cost239_deeprmsa"]:
        g, order, key = load(REFERENCE + name + "_undirected.json")
        write(f"networkx-ksp-{name}.txt", g, order, key, 5)
    with open("grid4x4_undirected.json", "w") as f:
        json.dump(grid(4, 4), f, indent=1)
    g, order, key = load("grid4x4_undirected.json")
    write("networkx-ksp-grid4x4.txt", g, order, key, 10)
