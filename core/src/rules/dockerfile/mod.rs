//! PL9xx: Dockerfile correctness and style.

// PL901-PL915
mod shared;
pub(crate) use shared::stage_label;
pub mod copy_from_own_stage;
pub mod copy_from_unknown_stage;
pub mod copy_ignored_file;
pub mod duplicate_stage_name;
pub mod empty_continuation_line;
pub mod expose_invalid_format;
pub mod expose_port_out_of_range;
pub mod expose_protocol_casing;
pub mod from_as_casing;
pub mod inconsistent_instruction_casing;
pub mod legacy_key_value_format;
pub mod maintainer_deprecated;
pub mod repeated_single_instruction;
pub mod reserved_stage_name;
pub mod shell_form_command;
pub mod stage_name_casing;

// PL916-PL929
pub mod cd_in_run;
pub mod env_self_reference;
pub mod invalid_default_arg_in_from;
pub mod invalid_definition_description;
pub mod invalid_label_key;
pub mod mergeable_run;
pub mod pipe_without_pipefail;
pub mod pointless_command;
pub mod required_label_missing;
pub mod shell_changed_with_run;
mod support;
pub mod undefined_arg_in_from;
pub mod undefined_variable;
pub mod wget_and_curl;
pub mod wget_without_progress;
