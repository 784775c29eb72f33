"""CustomObjectsApi: create, get, list, patch (merge), replace and delete a ClusterProfile."""

from kubernetes import client

from common import ApiException, api_client, api_error, arg, cluster_profile, emit

GROUP, VERSION, PLURAL = "spectrocloud.com", "v1alpha1", "clusterprofiles"
ns = arg(1)
api = client.CustomObjectsApi(api_client())
body = cluster_profile("py-profile", ns, labels={"made-by": "python"})
out = {}
created = api.create_namespaced_custom_object(GROUP, VERSION, ns, PLURAL, body)
out["created"] = {"uid": bool(created["metadata"].get("uid")), "rv": created["metadata"]["resourceVersion"]}
got = api.get_namespaced_custom_object(GROUP, VERSION, ns, PLURAL, "py-profile")
out["got"] = got["spec"]["description"]
listed = api.list_namespaced_custom_object(GROUP, VERSION, ns, PLURAL, label_selector="made-by=python")
out["listed"] = [i["metadata"]["name"] for i in listed["items"]]
out["listedAll"] = len(api.list_cluster_custom_object(GROUP, VERSION, PLURAL)["items"])
patched = api.patch_namespaced_custom_object(
    GROUP, VERSION, ns, PLURAL, "py-profile", {"spec": {"description": "two"}}
)
out["patched"] = patched["spec"]["description"]
got["spec"]["description"] = "three"
got["metadata"]["resourceVersion"] = patched["metadata"]["resourceVersion"]
out["replaced"] = api.replace_namespaced_custom_object(GROUP, VERSION, ns, PLURAL, "py-profile", got)["spec"][
    "description"
]
try:
    api.create_namespaced_custom_object(GROUP, VERSION, ns, PLURAL, body)
except ApiException as e:
    out["duplicate"] = api_error(e)
deleted = api.delete_namespaced_custom_object(GROUP, VERSION, ns, PLURAL, "py-profile")
out["deleted"] = deleted["metadata"]["name"]
try:
    api.get_namespaced_custom_object(GROUP, VERSION, ns, PLURAL, "py-profile")
except ApiException as e:
    out["afterDelete"] = api_error(e)
emit(out)
