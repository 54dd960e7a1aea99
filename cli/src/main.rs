fn main() {
    println!("plimsoll: work in progress");
}
