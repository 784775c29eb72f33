"""CoreV1Api: a Namespace, then Secrets in it (stringData, read, list, patch, replace, delete)."""

from kubernetes import client

from common import ApiException, api_client, api_error, arg, emit

ns = arg(1)
api = client.CoreV1Api(api_client())
out = {}
made = api.create_namespace(client.V1Namespace(metadata=client.V1ObjectMeta(name=ns)))
out["namespace"] = made.metadata.name
out["namespaceRead"] = api.read_namespace(ns).metadata.name
out["namespaces"] = sorted(n.metadata.name for n in api.list_namespace().items)
secret = client.V1Secret(metadata=client.V1ObjectMeta(name="py-secret"), string_data={"password": "hunter2"})
created = api.create_namespaced_secret(ns, secret)
out["created"] = {"data": created.data, "stringData": created.string_data, "type": created.type}
read = api.read_namespaced_secret("py-secret", ns)
out["read"] = read.data
out["listed"] = [s.metadata.name for s in api.list_namespaced_secret(ns).items]
patched = api.patch_namespaced_secret("py-secret", ns, {"metadata": {"labels": {"rotated": "yes"}}})
out["patchedLabels"] = patched.metadata.labels
patched.data = {"password": "aHVudGVyMw=="}
out["replaced"] = api.replace_namespaced_secret("py-secret", ns, patched).data
deleted = api.delete_namespaced_secret("py-secret", ns)
out["deleted"] = {"status": deleted.status, "name": deleted.details.name, "kind": deleted.details.kind}
try:
    api.read_namespaced_secret("py-secret", ns)
except ApiException as e:
    out["afterDelete"] = api_error(e)
emit(out)
