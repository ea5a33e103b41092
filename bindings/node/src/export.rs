//! [`export!`](crate::export): an export declared by its typed arguments and the core call
//! it makes, e.g. `fn Catalog::classify(env, &c, from: Str, to: Str) -> "T.Move" =
//! tr::classify(c, &from, &to);`. Each argument is read by its kind (see
//! [`read!`](crate::read)) before the body runs, named in errors by its own name or by the
//! text after `as`; `Option<Kind>` is optional (`undefined` or `null` is `None`); `= "ts"`
//! gives its TypeScript type where the kind's name is not it. An options object is declared
//! `name { key: Kind, ... } = "ts"`: each key a variable of the body, read as an argument of
//! its kind or, for a type (a class...), by its [`OptArg`](crate::js::OptArg) (a misspelt key
//! is an error). `-> "T.Name"` answers the plain object serde writes, `-> Type` the value
//! itself. `fn Class::name(env, &inner, ...)` is a method over the class's core value `inner`,
//! `fn Class::name(env, ...)` a static method, `fn Class::new(env, ...)` the constructor,
//! `fn Class::to_json(env, &inner)` its `toJSON`. The body is a `care_core::Result`, thrown as
//! a care-core error; it may use `env` and `?` on the binding's own readers. Docs are
//! `#[doc = "..."]`: napi reads only plain string doc attributes, and `///` inside a macro
//! becomes a raw string. Every export has `#[napi(catch_unwind)]`; its body runs in
//! [`js::guard`](crate::js::guard), a panic becoming a care-core error of kind `internal`.

/// Declares exports; see the module documentation.
#[macro_export]
macro_rules! export {
    () => {};
    ($(# $m:tt)* fn $class:ident :: to_json($env:ident, &$c:ident) -> $ret:tt = $body:expr;
        $($more:tt)*) => {
        $crate::export!(@args [$(# $m)*] [$class [&self,] [let $c = &self.inner;] js_name = "toJSON",]
            to_json $env [] [] () $ret $body);
        $crate::export!($($more)*);
    };
    ($(# $m:tt)* fn $class:ident :: $name:ident($env:ident, &$c:ident $(, $($a:tt)*)?)
        -> $ret:tt = $body:expr; $($more:tt)*) => {
        $crate::export!(@args [$(# $m)*] [$class [&self,] [let $c = &self.inner;]] $name $env [] []
            ($($($a)*)?) $ret $body);
        $crate::export!($($more)*);
    };
    ($(# $m:tt)* fn $class:ident :: new($env:ident $(, $($a:tt)*)?) -> $ret:tt = $body:expr;
        $($more:tt)*) => {
        $crate::export!(@args [$(# $m)*] [$class [] [] constructor,] new $env [] [] ($($($a)*)?) $ret $body);
        $crate::export!($($more)*);
    };
    ($(# $m:tt)* fn $class:ident :: $name:ident($env:ident $(, $($a:tt)*)?) -> $ret:tt = $body:expr;
        $($more:tt)*) => {
        $crate::export!(@args [$(# $m)*] [$class [] []] $name $env [] []
            ($($($a)*)?) $ret $body);
        $crate::export!($($more)*);
    };
    ($(# $m:tt)* fn $name:ident($env:ident $(, $($a:tt)*)?) -> $ret:tt = $body:expr;
        $($more:tt)*) => {
        $crate::export!(@args [$(# $m)*] [] $name $env [] [] ($($($a)*)?) $ret $body);
        $crate::export!($($more)*);
    };
    // One argument at a time: its parameter, then how it is read.
    (@args $m:tt $of:tt $name:ident $env:ident [$($p:tt)*] [$($r:tt)*]
        ($arg:ident: Option<$kind:ident> $(= $ts:literal)? $(as $what:literal)?
        $(, $($rest:tt)*)?) $ret:tt $body:expr) => {
        $crate::export!(@args $m $of $name $env
            [$($p)* $(#[napi(ts_arg_type = $ts)])? $arg: Option<$kind<'_>>,]
            [$($r)* [$arg ($crate::export!(@what $arg $($what)?)) Option<$kind>]]
            ($($($rest)*)?) $ret $body);
    };
    (@args $m:tt $of:tt $name:ident $env:ident [$($p:tt)*] [$($r:tt)*]
        ($arg:ident: $kind:ident $(= $ts:literal)? $(as $what:literal)?
        $(, $($rest:tt)*)?) $ret:tt $body:expr) => {
        $crate::export!(@args $m $of $name $env
            [$($p)* $(#[napi(ts_arg_type = $ts)])? $arg: $kind<'_>,]
            [$($r)* [$arg ($crate::export!(@what $arg $($what)?)) = $kind]]
            ($($($rest)*)?) $ret $body);
    };
    // An options object `name { key: Kind, ... } = "ts"`: its keys checked ([`js::options`]), then
    // each read as an argument named by its key: `Option<Kind>` as above, a `Kind` that is a
    // type by its [`OptArg`](crate::js::OptArg).
    (@args $m:tt $of:tt $name:ident $env:ident [$($p:tt)*] [$($r:tt)*]
        ($arg:ident { $($key:ident: $kind:ident $(<$inner:ident>)?),* } = $ts:literal $(, $($rest:tt)*)?)
        $ret:tt $body:expr) => {
        $crate::export!(@args $m $of $name $env
            [$($p)* #[napi(ts_arg_type = $ts)] $arg: Option<napi::bindgen_prelude::Unknown<'_>>,]
            [$($r)* [$arg { $($key)* }] $([$key (stringify!($key)) $kind $(<$inner>)?])*]
            ($($($rest)*)?) $ret $body);
    };
    (@what $arg:ident) => { stringify!($arg) };
    (@what $arg:ident $what:literal) => { $what };
    // All arguments collected: what the answer is...
    (@args $m:tt $of:tt $name:ident $env:ident $p:tt $r:tt () $ret:literal $body:expr) => {
        $crate::export!(@fn $m $of $name $env $p $r [ts_return_type = $ret,]
            [napi::bindgen_prelude::Unknown<'e>] answer $body);
    };
    (@args $m:tt $of:tt $name:ident $env:ident $p:tt $r:tt () $ret:ident $body:expr) => {
        $crate::export!(@fn $m $of $name $env $p $r [] [$ret] core $body);
    };
    // ...then the function, or a method in an `impl` block of its own.
    (@fn [$($m:tt)*] [] $name:ident $env:ident [$($p:tt)*] [$($r:tt)*] [$($attr:tt)*] [$($ret:tt)*] $answer:ident $body:expr) => {
        $($m)*
        #[napi_derive::napi($($attr)* catch_unwind)]
        #[allow(clippy::needless_lifetimes)]
        pub fn $name<'e>($env: &'e napi::Env, $($p)*) -> $crate::js::Result<$($ret)*> {
            $crate::js::guard($env, || {
                $crate::export!(@read $env $($r)*);
                $crate::js::$answer($env, $body)
            })
        }
    };
    (@fn [$($m:tt)*] [$class:ident [$($recv:tt)*] [$($bind:tt)*] $($s:tt)*] $name:ident $env:ident [$($p:tt)*] [$($r:tt)*] [$($attr:tt)*] [$($ret:tt)*] $answer:ident $body:expr) => {
        #[napi_derive::napi]
        impl $class {
            $($m)*
            #[napi($($attr)* $($s)* catch_unwind)]
            #[allow(clippy::needless_lifetimes)]
            pub fn $name<'e>($($recv)* $env: &'e napi::Env, $($p)*) -> $crate::js::Result<$($ret)*> {
                $crate::js::guard($env, || {
                    $($bind)*
                    $crate::export!(@read $env $($r)*);
                    $crate::js::$answer($env, $body)
                })
            }
        }
    };
    (@read $env:ident) => {};
    // An options object's keys, then each key an argument of its own.
    (@read $env:ident [$arg:ident { $($key:ident)* }] $($r:tt)*) => {
        let [$($key),*] = $crate::js::options($env, $arg, [$(stringify!($key)),*])?;
        $crate::export!(@read $env $($r)*);
    };
    (@read $env:ident [$arg:ident ($what:expr) = $kind:ident] $($r:tt)*) => {
        let $arg = $crate::read!($kind, $env, $what, $arg);
        $crate::export!(@read $env $($r)*);
    };
    (@read $env:ident [$arg:ident ($what:expr) Option<$kind:ident>] $($r:tt)*) => {
        let $arg = match $arg.filter(|v| !$crate::js::absent(v)) {
            Some(v) => Some($crate::read!($kind, $env, $what, v)),
            None => None,
        };
        $crate::export!(@read $env $($r)*);
    };
    (@read $env:ident [$arg:ident ($what:expr) $ty:ident] $($r:tt)*) => {
        let $arg = <$ty as $crate::js::OptArg>::arg($env, $arg)?;
        $crate::export!(@read $env $($r)*);
    };
}

/// Reads argument `$v` (named `$what`) of kind `$kind`: `IsoDate` a date, `Moment` a date or
/// date-time, `Str` a `String`; `Raw` and `CertPolicyArg` are left as they are, for the body
/// to read; any other kind (`Num`, `Data`) is a value of the core type the body needs, through
/// serde (a whole number is never wrapped or rounded).
#[macro_export]
macro_rules! read {
    (IsoDate, $env:ident, $what:expr, $v:expr) => {
        $crate::js::date($env, $what, $v)?
    };
    (Moment, $env:ident, $what:expr, $v:expr) => {
        $crate::js::moment($env, $what, $v)?
    };
    (Str, $env:ident, $what:expr, $v:expr) => {
        $crate::js::arg::<String>($env, $what, $v)?
    };
    (Raw, $env:ident, $what:expr, $v:expr) => {
        $v
    };
    (CertPolicyArg, $env:ident, $what:expr, $v:expr) => {
        $v
    };
    ($kind:ident, $env:ident, $what:expr, $v:expr) => {
        $crate::js::arg($env, $what, $v)?
    };
}
