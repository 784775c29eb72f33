"""Shared by the scripts: load the server's kubeconfig (argv[1]), print one JSON document."""

import json
import sys

from kubernetes import client, config


def api_client():
    """An ApiClient for the kubeconfig named on the command line."""
    return config.new_client_from_config(config_file=sys.argv[1])


def arg(i, default=None):
    """The i-th command-line argument after the kubeconfig."""
    return sys.argv[i + 1] if len(sys.argv) > i + 1 else default


def api_error(e):
    """An ApiException as JSON: status and the Status body the server answered."""
    try:
        body = json.loads(e.body)
    except (TypeError, ValueError):
        body = e.body
    return {"status": e.status, "body": body}


def cluster_profile(name, namespace, description="one", labels=None):
    """A small valid ClusterProfile (one add-on layer) as a dict."""
    metadata = {"name": name, "namespace": namespace}
    if labels:
        metadata["labels"] = labels
    return {
        "apiVersion": "spectrocloud.com/v1alpha1",
        "kind": "ClusterProfile",
        "metadata": metadata,
        "spec": {
            "type": "Add-on",
            "cloudType": "edge-native",
            "version": "1.0.0",
            "description": description,
            "layers": [{"type": "addon", "pack": {"name": "x", "version": "1.0.0", "registry": "public"}}],
        },
    }


def emit(result):
    """The script's answer, on standard output."""
    json.dump(result, sys.stdout, default=str, sort_keys=True)
    sys.stdout.write("\n")


ApiException = client.exceptions.ApiException
