//! Workshop mode's module (`workshop.html`): the exercises alone.

fn main() {
    plimsoll_web::start_workshop();
}
