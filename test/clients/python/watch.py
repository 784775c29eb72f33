"""watch.Watch().stream(): ADDED, MODIFIED and DELETED of a ClusterProfile, then a watch that times out."""

import threading
import time

from kubernetes import client, watch

from common import api_client, arg, cluster_profile, emit

GROUP, VERSION, PLURAL = "spectrocloud.com", "v1alpha1", "clusterprofiles"
ns = arg(1)
api = client.CustomObjectsApi(api_client())
rv = api.list_namespaced_custom_object(GROUP, VERSION, ns, PLURAL)["metadata"]["resourceVersion"]
events = []
w = watch.Watch()


def follow():
    # From the list's resourceVersion: nothing written after it is missed, however late this connects.
    for ev in w.stream(
        api.list_namespaced_custom_object, GROUP, VERSION, ns, PLURAL, resource_version=rv, timeout_seconds=60
    ):
        events.append([ev["type"], ev["object"]["metadata"]["name"], ev["object"]["spec"]["description"]])
        if ev["type"] == "DELETED":
            w.stop()


t = threading.Thread(target=follow)
t.start()
body = cluster_profile("py-watched", ns)
api.create_namespaced_custom_object(GROUP, VERSION, ns, PLURAL, body)
api.patch_namespaced_custom_object(GROUP, VERSION, ns, PLURAL, "py-watched", {"spec": {"description": "two"}})
api.delete_namespaced_custom_object(GROUP, VERSION, ns, PLURAL, "py-watched")
t.join(60)

# A watch with nothing to report ends when the server closes it after timeout_seconds.
started = time.monotonic()
quiet = [
    ev["type"]
    for ev in watch.Watch().stream(
        api.list_namespaced_custom_object, GROUP, VERSION, ns, PLURAL, label_selector="none=none", timeout_seconds=1
    )
]
emit({"events": events, "quiet": quiet, "quietSeconds": round(time.monotonic() - started, 1)})
