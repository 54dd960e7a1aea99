//! The one list of every rule. Add a rule here once; codes are never reused.

use super::*;

pub static RULES: &[&Rule] = &[
    // PL1xx: user
    &user::missing_user::RULE,
    &user::root_user::RULE,
    &user::sudo_in_run::RULE,
    &user::sudo_installed::RULE,
    &user::user_not_numeric::RULE,
    &user::password_set::RULE,
    &user::privilege_escalation::RULE,
    &user::useradd_no_log_init::RULE,
    // PL2xx: base image
    &base_image::latest_tag::RULE,
    &base_image::not_pinned_by_digest::RULE,
    &base_image::unofficial_image::RULE,
    &base_image::syntax_unpinned::RULE,
    &base_image::platform_constant::RULE,
    &base_image::redundant_platform::RULE,
    // PL3xx: packages
    &packages::update_alone::RULE,
    &packages::assume_yes::RULE,
    &packages::install_recommends::RULE,
    &packages::apt_lists::RULE,
    &packages::apk_cache::RULE,
    &packages::rpm_cache::RULE,
    &packages::os_unpinned::RULE,
    &packages::language_unpinned::RULE,
    &packages::apt_in_scripts::RULE,
    &packages::pip_cache::RULE,
    &packages::dist_upgrade::RULE,
    &packages::debian_frontend::RULE,
    &packages::yarn_cache::RULE,
    &packages::apt_key::RULE,
    // PL4xx: secrets
    // PL5xx: network
    // PL6xx: minimal image
    &minimal::build_tools::RULE,
    &minimal::copy_whole_filesystem::RULE,
    &minimal::sdk_final_stage::RULE,
    // PL7xx: file system
    &filesystem::world_writable::RULE,
    &filesystem::workdir_relative::RULE,
    &filesystem::workdir_system_directory::RULE,
    &filesystem::volume_sensitive_directory::RULE,
    &filesystem::docker_socket_volume::RULE,
    &filesystem::setuid_setgid::RULE,
    &filesystem::copy_relative_destination::RULE,
    &filesystem::copy_destination_not_directory::RULE,
    // PL8xx: supply chain
    &supply_chain::pipe_to_shell::RULE,
    &supply_chain::unverified_download::RULE,
    &supply_chain::plain_http::RULE,
    &supply_chain::tls_disabled::RULE,
    &supply_chain::signature_disabled::RULE,
    &supply_chain::add_instead_of_copy::RULE,
    &supply_chain::add_remote::RULE,
    &supply_chain::add_archive::RULE,
    &supply_chain::git_unpinned::RULE,
    // PL9xx: Dockerfile
    &dockerfile::duplicate_stage_name::RULE,
    &dockerfile::reserved_stage_name::RULE,
    &dockerfile::stage_name_casing::RULE,
    &dockerfile::from_as_casing::RULE,
    &dockerfile::copy_from_own_stage::RULE,
    &dockerfile::copy_from_unknown_stage::RULE,
    &dockerfile::repeated_single_instruction::RULE,
    &dockerfile::shell_form_command::RULE,
    &dockerfile::expose_port_out_of_range::RULE,
    &dockerfile::expose_invalid_format::RULE,
    &dockerfile::expose_protocol_casing::RULE,
    &dockerfile::maintainer_deprecated::RULE,
    &dockerfile::legacy_key_value_format::RULE,
    &dockerfile::inconsistent_instruction_casing::RULE,
    &dockerfile::empty_continuation_line::RULE,
];
