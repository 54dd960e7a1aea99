//! The page's views, each in its own folder of small components over plain
//! types: the playground, the rule reference, the embeddable widget and
//! workshop mode.

pub mod embed;
pub mod playground;
pub mod rules;
pub mod workshop;
