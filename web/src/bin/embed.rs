//! The embed view's module (`embed.html`): the widget alone.

fn main() {
    plimsoll_web::start_embed();
}
