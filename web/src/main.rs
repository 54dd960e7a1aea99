//! The site's module (`index.html`): every view.

fn main() {
    plimsoll_web::start_site();
}
