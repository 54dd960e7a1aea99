//! The pages that are not the playground, each in its own folder of small
//! components over plain types: the embeddable widget and workshop mode.

pub mod embed;
pub mod workshop;
