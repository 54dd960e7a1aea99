//! PLKxxx: Kubernetes containers. A manifest decides how the image runs:
//! the kubelet applies the pod's and the container's `securityContext`
//! over the image's USER, and resources, host namespaces and volumes are
//! set there. Codes take their hundreds digit from the seed's section, as
//! the Dockerfile rules do.
