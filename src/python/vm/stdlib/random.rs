//! The `random` module: CPython's Mersenne Twister (MT19937, seeded by `init_by_array` from
//! the seed's 32-bit words), `random()` from 53 bits, `getrandbits`, and `Lib/random.py`'s
//! algorithms on top (`_randbelow` by rejection, `shuffle`, `sample`, `choices`...), so a
//! seeded program draws exactly CPython's numbers. The module's functions use one hidden
//! `Random` object, as CPython's do.

use num_bigint::{BigInt, Sign};
use num_traits::{Signed, ToPrimitive, Zero};
use sha2::{Digest as _, Sha512};

use crate::engine::heap::Heap;
use crate::engine::ids::ObjId;
use crate::engine::object::{IntVal, Kind, NativePayload};

use super::super::builtins::{function, method, Args, Def, T};
use super::super::exception::{err, type_error, unsupported, value_error, R};
use super::super::Vm;

const M: Option<&str> = Some("random");

const N: usize = 624;

/// The generator's state: 624 words and the position.
struct Mt {
    state: [u32; N],
    index: usize,
}

impl Mt {
    fn init_genrand(s: u32) -> Self {
        let mut mt = [0u32; N];
        mt[0] = s;
        for i in 1..N {
            mt[i] = 1_812_433_253u32
                .wrapping_mul(mt[i - 1] ^ (mt[i - 1] >> 30))
                .wrapping_add(i as u32);
        }
        Self {
            state: mt,
            index: N,
        }
    }

    fn init_by_array(key: &[u32]) -> Self {
        let mut g = Self::init_genrand(19_650_218);
        let mt = &mut g.state;
        let (mut i, mut j) = (1usize, 0usize);
        let len = key.len().max(1);
        for _ in 0..N.max(len) {
            mt[i] = (mt[i] ^ (mt[i - 1] ^ (mt[i - 1] >> 30)).wrapping_mul(1_664_525))
                .wrapping_add(key.get(j).copied().unwrap_or(0))
                .wrapping_add(j as u32);
            i += 1;
            j += 1;
            if i >= N {
                mt[0] = mt[N - 1];
                i = 1;
            }
            if j >= len {
                j = 0;
            }
        }
        for _ in 0..N - 1 {
            mt[i] = (mt[i] ^ (mt[i - 1] ^ (mt[i - 1] >> 30)).wrapping_mul(1_566_083_941))
                .wrapping_sub(i as u32);
            i += 1;
            if i >= N {
                mt[0] = mt[N - 1];
                i = 1;
            }
        }
        mt[0] = 0x8000_0000;
        g
    }

    fn next_u32(&mut self) -> u32 {
        const UPPER: u32 = 0x8000_0000;
        const LOWER: u32 = 0x7fff_ffff;
        const MATRIX_A: u32 = 0x9908_b0df;
        if self.index >= N {
            let mt = &mut self.state;
            for kk in 0..N {
                let y = (mt[kk] & UPPER) | (mt[(kk + 1) % N] & LOWER);
                let mag = if y & 1 != 0 { MATRIX_A } else { 0 };
                mt[kk] = mt[(kk + 397) % N] ^ (y >> 1) ^ mag;
            }
            self.index = 0;
        }
        let mut y = self.state[self.index];
        self.index += 1;
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c_5680;
        y ^= (y << 15) & 0xefc6_0000;
        y ^= y >> 18;
        y
    }

    fn random(&mut self) -> f64 {
        let a = f64::from(self.next_u32() >> 5);
        let b = f64::from(self.next_u32() >> 6);
        (a * 67_108_864.0 + b) * (1.0 / 9_007_199_254_740_992.0)
    }

    fn getrandbits(&mut self, k: u64) -> BigInt {
        if k == 0 {
            return BigInt::zero();
        }
        if k <= 32 {
            return BigInt::from(self.next_u32() >> (32 - k));
        }
        let words = k.div_ceil(32) as usize;
        let mut out = Vec::with_capacity(words);
        let mut left = k;
        for _ in 0..words {
            let mut r = self.next_u32();
            if left < 32 {
                r >>= 32 - left;
            }
            out.push(r);
            left = left.saturating_sub(32);
        }
        BigInt::from_slice(Sign::Plus, &out)
    }

    /// `_randbelow(n)`: rejection sampling on `n.bit_length()` bits.
    fn randbelow(&mut self, n: &BigInt) -> BigInt {
        let k = n.bits();
        loop {
            let r = self.getrandbits(k);
            if &r < n {
                return r;
            }
        }
    }

    fn to_words(&self) -> Box<[u32]> {
        let mut w = Vec::with_capacity(N + 1);
        w.extend_from_slice(&self.state);
        w.push(self.index as u32);
        w.into_boxed_slice()
    }

    fn from_words(w: &[u32]) -> Self {
        let mut state = [0u32; N];
        state.copy_from_slice(&w[..N]);
        Self {
            state,
            index: w[N] as usize,
        }
    }
}

/// The size of a `Random` object (the C struct with its 624 words, plus the GC header of a
/// Python subclass instance).
const RANDOM_SIZE: u64 = 2544;

fn load(heap: &Heap, g: ObjId) -> Mt {
    match heap.kind(g) {
        Kind::Native(n) => match &n.payload {
            NativePayload::Words(w) if w.len() == N + 1 => Mt::from_words(w),
            _ => Mt::init_genrand(5489),
        },
        _ => Mt::init_genrand(5489),
    }
}

fn store(heap: &mut Heap, g: ObjId, mt: &Mt) {
    if let Kind::Native(n) = &mut heap.get_mut(g).kind {
        n.payload = NativePayload::Words(mt.to_words());
    }
}

/// The generator seeded from `seed` (`None`: a fixed seed, where CPython uses the system's
/// entropy — an unseeded program's numbers differ from run to run there anyway).
fn seeded(vm: &mut Vm, heap: &mut Heap, seed: Option<ObjId>) -> R<Mt> {
    let Some(s) = seed.filter(|&s| !matches!(heap.kind(s), Kind::None)) else {
        return Ok(Mt::init_by_array(&[0x5eed]));
    };
    let n = match heap.kind(s) {
        Kind::Int(_) | Kind::Bool(_) => vm.int_value(heap, s).unwrap_or_default(),
        // Version 2 seeding: the bytes followed by their SHA-512 digest, read as a big-endian
        // int (`int.from_bytes(a + sha512(a).digest())`).
        Kind::Str(_) | Kind::Bytes(_) | Kind::ByteArray(..) => {
            let mut bytes: Vec<u8> = match heap.kind(s) {
                Kind::Str(t) => t.as_bytes().to_vec(),
                Kind::Bytes(b) => b.to_vec(),
                Kind::ByteArray(b, _) => b.clone(),
                _ => Vec::new(),
            };
            let digest = Sha512::digest(&bytes);
            bytes.extend_from_slice(&digest);
            BigInt::from_bytes_be(Sign::Plus, &bytes)
        }
        Kind::Float(_) => BigInt::from(vm.hash_of(heap, s)?),
        _ => {
            if vm.minor >= 11 {
                return Err(type_error(
                    "The only supported seed types are: None,\nint, float, str, bytes, and bytearray.",
                ));
            }
            BigInt::from(vm.hash_of(heap, s)?)
        }
    };
    let mag = n.abs();
    let (_, mut words) = mag.to_u32_digits();
    if words.is_empty() {
        words.push(0);
    }
    Ok(Mt::init_by_array(&words))
}

impl Vm {
    /// The module's hidden generator (made at first use).
    fn module_random(&mut self, heap: &mut Heap) -> ObjId {
        if let Some(g) = self.random_state {
            return g;
        }
        let mt = Mt::init_by_array(&[0x5eed]);
        let g = self.new_native_full(
            heap,
            T::Random,
            Vec::new(),
            [0; 4],
            NativePayload::Words(mt.to_words()),
            RANDOM_SIZE,
            false,
        );
        self.interpreter_objs.insert(g.0);
        self.random_state = Some(g);
        g
    }
}

/// `random.Random(seed=None)`.
pub(crate) fn random_new(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(0, 1)?;
    let mt = seeded(vm, heap, a.pos.first().copied())?;
    Ok(vm.new_native_full(
        heap,
        T::Random,
        Vec::new(),
        [0; 4],
        NativePayload::Words(mt.to_words()),
        RANDOM_SIZE,
        false,
    ))
}

/// The generator a call uses: the method's object or the module's.
fn generator(vm: &mut Vm, heap: &mut Heap, a: &Args) -> ObjId {
    match a.this {
        Some(g) if matches!(heap.kind(g), Kind::Native(n) if n.ty == T::Random as u16) => g,
        _ => vm.module_random(heap),
    }
}

fn int_obj(heap: &mut Heap, b: BigInt) -> ObjId {
    heap.int_val(IntVal::from_big(b))
}

fn seed(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(0, 2)?;
    let g = generator(vm, heap, a);
    let mt = seeded(vm, heap, a.arg(heap, 0, "a"))?;
    store(heap, g, &mt);
    set_gauss_next(heap, g, None);
    Ok(heap.none())
}

/// `Random.gauss_next`: the second value of the last pair `gauss` computed (nums 0 and 1).
fn gauss_next(heap: &Heap, g: ObjId) -> Option<f64> {
    match heap.kind(g) {
        Kind::Native(n) if n.nums[0] != 0 => Some(f64::from_bits(n.nums[1] as u64)),
        _ => None,
    }
}

fn set_gauss_next(heap: &mut Heap, g: ObjId, v: Option<f64>) {
    if let Kind::Native(n) = &mut heap.get_mut(g).kind {
        n.nums[0] = i64::from(v.is_some());
        n.nums[1] = v.map_or(0, |v| v.to_bits() as i64);
    }
}

/// The float arguments `mu` and `sigma` (defaults 0.0 and 1.0 from 3.11; required before).
fn mu_sigma(vm: &mut Vm, heap: &mut Heap, a: &Args, fname: &str) -> R<(f64, f64)> {
    a.count(0, 2)?;
    let (mu, sigma) = (a.arg(heap, 0, "mu"), a.arg(heap, 1, "sigma"));
    // (3.10 names a method by its qualified name in these messages.)
    let fname = if vm.minor >= 10 {
        format!("Random.{fname}")
    } else {
        fname.to_string()
    };
    if vm.minor < 11 {
        let missing: Vec<&str> = [("mu", mu), ("sigma", sigma)]
            .iter()
            .filter(|(_, v)| v.is_none())
            .map(|(n, _)| *n)
            .collect();
        match missing.as_slice() {
            [] => {}
            [one] => {
                return Err(type_error(format!(
                    "{fname}() missing 1 required positional argument: '{one}'"
                )))
            }
            _ => {
                return Err(type_error(format!(
                    "{fname}() missing 2 required positional arguments: 'mu' and 'sigma'"
                )))
            }
        }
    }
    let mu = match mu {
        Some(m) => vm.float_of(heap, m)?,
        None => 0.0,
    };
    let sigma = match sigma {
        Some(s) => vm.float_of(heap, s)?,
        None => 1.0,
    };
    Ok((mu, sigma))
}

/// `gauss(mu, sigma)`: Box-Muller, each call pair computing two values (the second kept in
/// `gauss_next` for the next call), as CPython's `Random.gauss`.
fn gauss(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    let (mu, sigma) = mu_sigma(vm, heap, a, "gauss")?;
    let g = generator(vm, heap, a);
    let z = match gauss_next(heap, g) {
        Some(z) => {
            set_gauss_next(heap, g, None);
            z
        }
        None => {
            let mut mt = load(heap, g);
            let x2pi = mt.random() * std::f64::consts::TAU;
            let g2rad = (-2.0 * (1.0 - mt.random()).ln()).sqrt();
            store(heap, g, &mt);
            set_gauss_next(heap, g, Some(x2pi.sin() * g2rad));
            x2pi.cos() * g2rad
        }
    };
    Ok(heap.new_plain(Kind::Float(mu + z * sigma)))
}

/// `normalvariate(mu, sigma)`: Kinderman and Monahan's ratio method, as CPython's.
fn normalvariate(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    let (mu, sigma) = mu_sigma(vm, heap, a, "normalvariate")?;
    let g = generator(vm, heap, a);
    let mut mt = load(heap, g);
    let magic = 4.0 * (-0.5f64).exp() / 2.0f64.sqrt();
    let z = loop {
        let u1 = mt.random();
        let u2 = 1.0 - mt.random();
        let z = magic * (u1 - 0.5) / u2;
        let zz = z * z / 4.0;
        if zz <= -u2.ln() {
            break z;
        }
    };
    store(heap, g, &mt);
    Ok(heap.new_plain(Kind::Float(mu + z * sigma)))
}

/// `expovariate(lambd)`: `-log(1 - random()) / lambd` (`lambd` defaults to 1.0 from 3.12).
fn expovariate(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(0, 1)?;
    let lambd = match a.arg(heap, 0, "lambd") {
        Some(l) => vm.float_of(heap, l)?,
        None if vm.minor >= 12 => 1.0,
        None => {
            let q = if vm.minor >= 10 { "Random." } else { "" };
            return Err(type_error(format!(
                "{q}expovariate() missing 1 required positional argument: 'lambd'"
            )));
        }
    };
    if lambd == 0.0 {
        return Err(err(T::ZeroDivisionError, "float division by zero"));
    }
    let g = generator(vm, heap, a);
    let mut mt = load(heap, g);
    let x = -(1.0 - mt.random()).ln() / lambd;
    store(heap, g, &mt);
    Ok(heap.new_plain(Kind::Float(x)))
}

fn random(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(0, 0)?;
    let g = generator(vm, heap, a);
    let mut mt = load(heap, g);
    let x = mt.random();
    store(heap, g, &mt);
    Ok(heap.new_plain(Kind::Float(x)))
}

fn getrandbits(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(1, 1)?;
    let k = vm.index_value(heap, a.pos[0])?;
    if k < 0 {
        return Err(value_error("number of bits must be non-negative"));
    }
    if k > 1 << 20 {
        return Err(super::super::exception::limit(
            "getrandbits of more than 2**20 bits",
        ));
    }
    let g = generator(vm, heap, a);
    let mut mt = load(heap, g);
    let r = mt.getrandbits(k as u64);
    store(heap, g, &mt);
    Ok(int_obj(heap, r))
}

fn big(vm: &mut Vm, heap: &mut Heap, x: ObjId, what: &str) -> R<BigInt> {
    match vm.int_value(heap, x) {
        Some(b) => Ok(b),
        None => {
            if let Kind::Float(f) = heap.kind(x) {
                if vm.minor < 12 && f.fract() == 0.0 {
                    return Ok(super::super::builtins::int::float_to_big(*f));
                }
                if vm.minor < 12 {
                    return Err(value_error(format!("non-integer {what} for randrange()")));
                }
            }
            let t = vm.type_name(heap, x);
            Err(type_error(format!(
                "'{t}' object cannot be interpreted as an integer"
            )))
        }
    }
}

/// `randrange(start, stop=None, step=1)` (and `randint`, which names itself in 3.14's
/// message).
fn randrange_impl(
    vm: &mut Vm,
    heap: &mut Heap,
    g: ObjId,
    args: &[ObjId],
    randint: bool,
) -> R<BigInt> {
    let minor = vm.minor;
    let start = big(vm, heap, args[0], "arg 1")?;
    let mut mt = load(heap, g);
    let r = if args.len() == 1 {
        if start.is_positive() {
            Ok(mt.randbelow(&start))
        } else {
            Err(value_error("empty range for randrange()"))
        }
    } else {
        let stop = big(vm, heap, args[1], "stop")?;
        let step = match args.get(2) {
            Some(&s) => big(vm, heap, s, "step")?,
            None => BigInt::from(1),
        };
        let width = &stop - &start;
        let describe = |vm: &Vm| -> String {
            if randint && vm.minor >= 14 {
                format!("empty range in randint({start}, {})", &stop - 1)
            } else if minor >= 12 {
                if step == BigInt::from(1) {
                    format!("empty range in randrange({start}, {stop})")
                } else {
                    format!("empty range in randrange({start}, {stop}, {step})")
                }
            } else {
                format!("empty range for randrange() ({start}, {stop}, {width})")
            }
        };
        if step == BigInt::from(1) {
            if width.is_positive() {
                Ok(&start + mt.randbelow(&width))
            } else {
                Err(value_error(describe(vm)))
            }
        } else if step.is_zero() {
            Err(value_error("zero step for randrange()"))
        } else {
            let n: BigInt = if step.is_positive() {
                (&width + &step - 1) / &step
            } else {
                (&width + &step + 1) / &step
            };
            if n.is_positive() {
                Ok(&start + &step * mt.randbelow(&n))
            } else {
                Err(value_error("empty range for randrange()"))
            }
        }
    };
    store(heap, g, &mt);
    r
}

fn randrange(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(1, 3)?;
    let g = generator(vm, heap, a);
    let r = randrange_impl(vm, heap, g, a.pos, false)?;
    Ok(int_obj(heap, r))
}

fn randint(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(2, 2)?;
    let g = generator(vm, heap, a);
    let b = big(vm, heap, a.pos[1], "stop")? + 1;
    let stop = int_obj(heap, b);
    let r = randrange_impl(vm, heap, g, &[a.pos[0], stop], true);
    heap.decref(vm, stop);
    Ok(int_obj(heap, r?))
}

fn below(heap: &mut Heap, g: ObjId, n: usize) -> usize {
    let mut mt = load(heap, g);
    let r = mt.randbelow(&BigInt::from(n));
    store(heap, g, &mt);
    r.to_usize().unwrap_or(0)
}

fn choice(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(1, 1)?;
    let g = generator(vm, heap, a);
    let seq = a.pos[0];
    let n = vm.len_of(heap, seq)?;
    if n == 0 {
        return Err(err(
            T::IndexError,
            if vm.minor == 10 {
                "list index out of range"
            } else {
                "Cannot choose from an empty sequence"
            },
        ));
    }
    let i = below(heap, g, n);
    let k = heap.int(i as i64);
    let r = vm.getitem(heap, seq, k);
    heap.decref(vm, k);
    r
}

fn shuffle(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(1, 1)?;
    let g = generator(vm, heap, a);
    let x = a.pos[0];
    let n = vm.len_of(heap, x)?;
    for i in (1..n).rev() {
        let j = below(heap, g, i + 1);
        // x[i], x[j] = x[j], x[i]
        let ki = heap.int(i as i64);
        let kj = heap.int(j as i64);
        let r = (|| -> R<()> {
            let vj = vm.getitem(heap, x, kj)?;
            let vi = match vm.getitem(heap, x, ki) {
                Ok(v) => v,
                Err(e) => {
                    heap.decref(vm, vj);
                    return Err(e);
                }
            };
            let r1 = vm.setitem(heap, x, ki, vj);
            heap.decref(vm, vj);
            let r2 = r1.and_then(|_| vm.setitem(heap, x, kj, vi));
            heap.decref(vm, vi);
            r2
        })();
        heap.decref(vm, ki);
        heap.decref(vm, kj);
        r?;
    }
    Ok(heap.none())
}

fn sample(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.only_kw(heap, &["population", "k", "counts"])?;
    if a.kw(heap, "counts").is_some() {
        return Err(unsupported("random.sample(counts=...)"));
    }
    let (Some(pop), Some(k)) = (a.arg(heap, 0, "population"), a.arg(heap, 1, "k")) else {
        return Err(type_error("sample() missing required argument"));
    };
    let g = generator(vm, heap, a);
    if matches!(heap.kind(pop), Kind::PySet(_) | Kind::Dict(_)) {
        if vm.minor >= 11 {
            return Err(type_error(
                "Population must be a sequence.  For dicts or sets, use sorted(d).",
            ));
        }
        return Err(unsupported("random.sample of a set"));
    }
    let n = vm.len_of(heap, pop)?;
    let k = vm.index_value(heap, k)?;
    if k < 0 || k as usize > n {
        return Err(value_error("Sample larger than population or is negative"));
    }
    let k = k as usize;
    let mut setsize = 21usize;
    if k > 5 {
        let e = ((k * 3) as f64).ln() / 4f64.ln();
        setsize += 4usize.pow(e.ceil() as u32);
    }
    let mut result = Vec::with_capacity(k);
    if n <= setsize {
        let pool = vm.collect_iterable(heap, pop)?;
        let mut pool = pool;
        for i in 0..k {
            let j = below(heap, g, n - i);
            let v = pool[j];
            heap.incref(v);
            result.push(v);
            pool[j] = pool[n - i - 1];
        }
        heap.decref_all(vm, pool);
    } else {
        let mut selected = std::collections::HashSet::new();
        for _ in 0..k {
            let mut j = below(heap, g, n);
            while selected.contains(&j) {
                j = below(heap, g, n);
            }
            selected.insert(j);
            let key = heap.int(j as i64);
            let v = vm.getitem(heap, pop, key);
            heap.decref(vm, key);
            match v {
                Ok(v) => result.push(v),
                Err(e) => {
                    heap.decref_all(vm, result);
                    return Err(e);
                }
            }
        }
    }
    Ok(vm.new_list(heap, result))
}

fn choices(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.only_kw(heap, &["population", "weights", "cum_weights", "k"])?;
    let Some(pop) = a.arg(heap, 0, "population") else {
        return Err(type_error(
            "choices() missing 1 required positional argument: 'population'",
        ));
    };
    let g = generator(vm, heap, a);
    let k = match a.kw(heap, "k") {
        Some(k) => vm.index_value(heap, k)?.max(0) as usize,
        None => 1,
    };
    let n = vm.len_of(heap, pop)?;
    let weights = a
        .arg(heap, 1, "weights")
        .filter(|&w| !matches!(heap.kind(w), Kind::None));
    let cum = a
        .kw(heap, "cum_weights")
        .filter(|&w| !matches!(heap.kind(w), Kind::None));
    let mut picks = Vec::with_capacity(k);
    let mut mt = load(heap, g);
    match (weights, cum) {
        (None, None) => {
            let nf = n as f64;
            for _ in 0..k {
                picks.push((mt.random() * nf).floor() as usize);
            }
        }
        (w, c) => {
            if w.is_some() && c.is_some() {
                return Err(type_error(
                    "Cannot specify both weights and cumulative weights",
                ));
            }
            let src = w.or(c).unwrap_or(pop);
            let items = vm.collect_iterable(heap, src)?;
            let mut cw = Vec::with_capacity(items.len());
            let mut total = 0.0;
            for &i in &items {
                let x = vm.float_of(heap, i);
                let x = match x {
                    Ok(x) => x,
                    Err(e) => {
                        heap.decref_all(vm, items);
                        return Err(e);
                    }
                };
                total = if w.is_some() { total + x } else { x };
                cw.push(total);
            }
            heap.decref_all(vm, items);
            if cw.len() != n {
                return Err(value_error(
                    "The number of weights does not match the population",
                ));
            }
            let total = cw.last().copied().unwrap_or(0.0);
            if total <= 0.0 {
                return Err(value_error("Total of weights must be greater than zero"));
            }
            if !total.is_finite() {
                return Err(value_error("Total of weights must be finite"));
            }
            let hi = n.saturating_sub(1);
            for _ in 0..k {
                let x = mt.random() * total;
                // bisect_right(cw, x, 0, hi)
                let (mut lo, mut h) = (0usize, hi);
                while lo < h {
                    let mid = (lo + h) / 2;
                    if x < cw[mid] {
                        h = mid;
                    } else {
                        lo = mid + 1;
                    }
                }
                picks.push(lo);
            }
        }
    }
    store(heap, g, &mt);
    let mut out = Vec::with_capacity(k);
    for i in picks {
        let key = heap.int(i as i64);
        let v = vm.getitem(heap, pop, key);
        heap.decref(vm, key);
        match v {
            Ok(v) => out.push(v),
            Err(e) => {
                heap.decref_all(vm, out);
                return Err(e);
            }
        }
    }
    Ok(vm.new_list(heap, out))
}

fn uniform(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(2, 2)?;
    let lo = vm.float_of(heap, a.pos[0])?;
    let hi = vm.float_of(heap, a.pos[1])?;
    let g = generator(vm, heap, a);
    let mut mt = load(heap, g);
    let x = lo + (hi - lo) * mt.random();
    store(heap, g, &mt);
    Ok(heap.new_plain(Kind::Float(x)))
}

macro_rules! both {
    ($($name:literal => $f:ident),* $(,)?) => {
        /// `random` functions, and the same as `Random` methods.
        pub(crate) const DEFS: &[Def] = &[
            $(function(M, $name, $f), method(T::Random, $name, $f),)*
        ];
    };
}

both! {
    "seed" => seed,
    "random" => random,
    "getrandbits" => getrandbits,
    "randrange" => randrange,
    "randint" => randint,
    "choice" => choice,
    "shuffle" => shuffle,
    "sample" => sample,
    "choices" => choices,
    "uniform" => uniform,
    "gauss" => gauss,
    "normalvariate" => normalvariate,
    "expovariate" => expovariate,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// CPython: `random.seed(42); random.random()` and `random.seed(5489)`'s first words.
    #[test]
    fn matches_cpython_seeded_values() {
        let mut mt = Mt::init_by_array(&[42]);
        assert_eq!(mt.random(), 0.639_426_798_457_883_7);
        let mut mt = Mt::init_by_array(&[7]);
        assert_eq!(mt.random(), 0.323_832_764_833_162_37);
    }
}
