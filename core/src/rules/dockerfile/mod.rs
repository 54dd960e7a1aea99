//! PL9xx: Dockerfile correctness and style.

// PL901-PL915
mod shared;
pub mod copy_from_own_stage;
pub mod copy_from_unknown_stage;
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
