"""get_api_versions() of /api/ and /apis/ (with the trailing slash the client sends), /api/v1's resources."""

from kubernetes import client

from common import api_client, emit

api = api_client()
core = client.CoreApi(api).get_api_versions()
groups = client.ApisApi(api).get_api_versions()
resources = client.CoreV1Api(api).get_api_resources()
emit(
    {
        "core": core.versions,
        "groups": {g.name: g.preferred_version.group_version for g in groups.groups},
        "resources": sorted(r.name for r in resources.resources),
    }
)
