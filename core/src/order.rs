//! Stable sorts that share one copy of the sorting code. Every
//! `sort_by_key` with its own closure compiles its own copy of the standard
//! library's stable sort (about 3 KiB of WebAssembly each; the web page
//! carried 17). These sort positions with one comparator type, so all
//! callers share a single copy, then move the items into that order in
//! place. The order is `slice::sort_by`'s: equal items keep their order.

use std::cmp::Ordering;

/// Sorts positions by `compare` of what they point at, stably: the one
/// instance of the standard library's stable sort the helpers share.
pub fn sort_positions(positions: &mut [usize], compare: &mut dyn FnMut(usize, usize) -> Ordering) {
    positions.sort_by(|&a, &b| compare(a, b));
}

/// `items.sort_by(compare)`.
pub fn sort_by<T>(items: &mut [T], mut compare: impl FnMut(&T, &T) -> Ordering) {
    let mut order: Vec<usize> = (0..items.len()).collect();
    sort_positions(&mut order, &mut |a, b| compare(&items[a], &items[b]));
    // `items[at]` takes the item at `order[at]`: each cycle of the
    // permutation is followed once, swapping, and marked done.
    const DONE: usize = usize::MAX;
    for start in 0..order.len() {
        let mut at = start;
        while order[at] != DONE {
            let from = order[at];
            order[at] = DONE;
            if from == start {
                break;
            }
            items.swap(at, from);
            at = from;
        }
    }
}

/// `items.sort_by_key(key)`.
pub fn sort_by_key<T, K: Ord>(items: &mut [T], mut key: impl FnMut(&T) -> K) {
    sort_by(items, |a, b| key(a).cmp(&key(b)));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_order_is_the_standard_stable_sort_s() {
        // Pairs sorted by their first part only: the second part shows
        // that equal keys keep their order.
        let mut seed = 7_u64;
        for len in [0, 1, 2, 3, 10, 100, 1000] {
            let items: Vec<(u8, usize)> = (0..len)
                .map(|index| {
                    seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                    ((seed >> 59) as u8, index)
                })
                .collect();
            let mut expected = items.clone();
            expected.sort_by_key(|item| item.0);
            let mut sorted = items.clone();
            sort_by_key(&mut sorted, |item| item.0);
            assert_eq!(sorted, expected, "{len}");
            let mut reversed = items;
            sort_by(&mut reversed, |a, b| b.0.cmp(&a.0));
            expected.sort_by_key(|item| std::cmp::Reverse(item.0));
            assert_eq!(reversed, expected, "{len} reversed");
        }
    }
}
