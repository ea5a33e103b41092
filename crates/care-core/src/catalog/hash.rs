//! The lookup index's hasher and the id-to-role map.

use super::*;

/// A small, fast, non-cryptographic hasher (FxHash's multiply-rotate) for the lookup index:
/// catalogs are loaded often and their keys are not attacker-chosen hash-flooding targets
/// of any consequence (a slow lookup, never a wrong one).
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct FastHasher(u64);

impl std::hash::Hasher for FastHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut b = [0u8; 8];
            b.copy_from_slice(c);
            self.add(u64::from_le_bytes(b));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut b = [0u8; 8];
            if let Some(dst) = b.get_mut(..rest.len()) {
                dst.copy_from_slice(rest);
            }
            self.add(u64::from_le_bytes(b) ^ ((rest.len() as u64) << 56));
        }
    }
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }
    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }
}

impl FastHasher {
    fn add(&mut self, x: u64) {
        self.0 = (self.0.rotate_left(5) ^ x).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

pub(crate) type FastMap<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<FastHasher>>;

pub(super) fn fast_map<K, V>(capacity: usize) -> FastMap<K, V> {
    FastMap::with_capacity_and_hasher(capacity, Default::default())
}

/// The roles a name points at: usually one, so no allocation for it.
#[derive(Debug, Clone)]
pub(super) enum Hits {
    One(u32),
    Many(Vec<u32>),
}

impl Hits {
    pub(super) fn as_slice(&self) -> &[u32] {
        match self {
            Hits::One(x) => std::slice::from_ref(x),
            Hits::Many(v) => v,
        }
    }
    pub(super) fn add(&mut self, x: u32) {
        match self {
            Hits::One(y) if *y == x => {}
            Hits::One(y) => *self = Hits::Many(vec![*y, x]),
            Hits::Many(v) => push_unique(v, x),
        }
    }
}

/// The 64-bit hash a key is filed under in the index's maps. The maps keep no key strings
/// (no allocation per key): a lookup checks each hit against the role itself, so two keys
/// sharing a hash only cost a comparison, never a wrong answer.
pub(super) fn key_hash(key: &str) -> u64 {
    use std::hash::Hasher;
    let mut h = FastHasher::default();
    h.write(key.as_bytes());
    h.write_usize(key.len());
    h.finish()
}

/// Adds role `x` under `key`.
pub(super) fn add_hit(map: &mut FastMap<u64, Hits>, key: &str, x: u32) {
    match map.entry(key_hash(key)) {
        std::collections::hash_map::Entry::Occupied(mut e) => e.get_mut().add(x),
        std::collections::hash_map::Entry::Vacant(e) => {
            e.insert(Hits::One(x));
        }
    }
}

/// The role ids filed by hash, and every repeated id as `(index, index of its first use)`.
pub(super) fn role_id_map(roles: &[Role]) -> (FastMap<u64, Hits>, Vec<(usize, usize)>) {
    let mut ids: FastMap<u64, Hits> = fast_map(roles.len());
    let mut repeats = Vec::new();
    for (i, r) in roles.iter().enumerate() {
        let ri = i as u32;
        match ids.entry(key_hash(&r.id)) {
            std::collections::hash_map::Entry::Vacant(e) => {
                e.insert(Hits::One(ri));
            }
            std::collections::hash_map::Entry::Occupied(mut e) => {
                let first = e
                    .get()
                    .as_slice()
                    .iter()
                    .copied()
                    .find(|&j| roles.get(j as usize).is_some_and(|o| o.id == r.id));
                match first {
                    Some(j) => repeats.push((i, j as usize)),
                    None => e.get_mut().add(ri),
                }
            }
        }
    }
    (ids, repeats)
}

/// The index of the role with exactly this id.
pub(super) fn find_id(ids: &FastMap<u64, Hits>, roles: &[Role], id: &str) -> Option<u32> {
    ids.get(&key_hash(id))?
        .as_slice()
        .iter()
        .copied()
        .find(|&i| roles.get(i as usize).is_some_and(|r| r.id == id))
}
