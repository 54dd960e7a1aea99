//! Shell-level understanding of Dockerfile text: BuildKit's word expansion and
//! a model of the shell commands inside RUN (being written).
