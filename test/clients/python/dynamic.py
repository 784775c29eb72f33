"""kubernetes.dynamic.DynamicClient: discovery by apiVersion and kind, then create, get, patch, list, watch, delete."""

from kubernetes import dynamic

from common import api_client, arg, cluster_profile, emit

ns = arg(1)
client = dynamic.DynamicClient(api_client())
profiles = client.resources.get(api_version="spectrocloud.com/v1alpha1", kind="ClusterProfile")
bundles = client.resources.get(api_version="spectrocloud.com/v1beta1", kind="ProfileBundle")
body = cluster_profile("py-dynamic", ns)
out = {"resources": {r.kind: [r.name, r.namespaced] for r in (profiles, bundles)}}
out["created"] = profiles.create(body=body, namespace=ns).metadata.name
out["got"] = profiles.get(name="py-dynamic", namespace=ns).spec.description
out["patched"] = profiles.patch(
    body={"metadata": {"name": "py-dynamic"}, "spec": {"description": "two"}},
    namespace=ns,
    content_type="application/merge-patch+json",
).spec.description
out["listed"] = [i.metadata.name for i in profiles.get(namespace=ns).items]
out["watched"] = [[e["type"], e["object"].metadata.name] for e in profiles.watch(namespace=ns, timeout=1)]
out["deleted"] = profiles.delete(name="py-dynamic", namespace=ns).metadata.name
emit(out)
