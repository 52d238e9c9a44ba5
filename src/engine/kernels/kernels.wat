;; Two passes over every customer that a horizon move at a million buyers makes, as WebAssembly: in
;; Chromium the same loops in JavaScript ran 3-5x slower than here and varied 2-3x from move to move (V8's
;; code for a loop entered once per move). Each is the JavaScript beside it (src/engine/kernels/reference.ts)
;; operation for operation, in the same order: IEEE doubles give the same bits, and tests hold them equal.
;; Pointers are byte offsets into the memory; src/engine/kernels/index.ts lays it out.
(module
  (memory (export "memory") 1)

  ;; predicted_clv for rows 0..m-1 (predictedColumnInto): clv = pAlive[i] * perGroup[groupOf[i]] * eov[i] * k,
  ;; perGroup holding `groups` values,
  ;; written to out[idx[i]] rounded to the nano (floor(clv * 1e9 + 0.5) / 1e9) where that fast path holds
  ;; (0 <= clv < 9e6, the nano fraction not within rounding of a half); any other row's i goes to `later`
  ;; for the caller. Counts the rows written whose customer has purchases > 0 into res[0] (f64).
  ;; Returns the number of rows put in `later`.
  (func (export "predictedColumn")
    (param $pAlive i32) (param $perGroup i32) (param $groupOf i32) (param $eov i32) (param $idx i32)
    (param $purchases i32) (param $out i32) (param $later i32) (param $m i32) (param $groups i32) (param $k f64) (param $res i32)
    (result i32)
    (local $i i32) (local $deferred i32) (local $buyers i32) (local $clv f64) (local $nanos f64) (local $c i32) (local $g i32)
    (block $done
      (loop $row
        (br_if $done (i32.ge_u (local.get $i) (local.get $m)))
        ;; A row without a group (JavaScript's perGroup[-1] is undefined) has no value: NaN, left to the caller.
        (local.set $g (i32.load (i32.add (local.get $groupOf) (i32.shl (local.get $i) (i32.const 2)))))
        (local.set $clv
          (if (result f64) (i32.lt_u (local.get $g) (local.get $groups))
            (then
              (f64.mul
                (f64.mul
                  (f64.mul
                    (f64.load (i32.add (local.get $pAlive) (i32.shl (local.get $i) (i32.const 3))))
                    (f64.load (i32.add (local.get $perGroup) (i32.shl (local.get $g) (i32.const 3)))))
                  (f64.load (i32.add (local.get $eov) (i32.shl (local.get $i) (i32.const 3)))))
                (local.get $k)))
            (else (f64.const nan))))
        (local.set $nanos (f64.mul (local.get $clv) (f64.const 1e9)))
        (if (i32.and
              (i32.and (f64.ge (local.get $clv) (f64.const 0)) (f64.lt (local.get $clv) (f64.const 9e6)))
              (f64.gt
                (f64.abs (f64.sub (f64.sub (local.get $nanos) (f64.floor (local.get $nanos))) (f64.const 0.5)))
                (f64.mul (local.get $nanos) (f64.const 4.5e-16))))
          (then
            (local.set $c (i32.load (i32.add (local.get $idx) (i32.shl (local.get $i) (i32.const 2)))))
            (f64.store (i32.add (local.get $out) (i32.shl (local.get $c) (i32.const 3)))
              (f64.div (f64.floor (f64.add (local.get $nanos) (f64.const 0.5))) (f64.const 1e9)))
            (if (i32.gt_s (i32.load (i32.add (local.get $purchases) (i32.shl (local.get $c) (i32.const 2)))) (i32.const 0))
              (then (local.set $buyers (i32.add (local.get $buyers) (i32.const 1))))))
          (else
            (i32.store (i32.add (local.get $later) (i32.shl (local.get $deferred) (i32.const 2))) (local.get $i))
            (local.set $deferred (i32.add (local.get $deferred) (i32.const 1)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $row)))
    (f64.store (local.get $res) (f64.convert_i32_s (local.get $buyers)))
    (local.get $deferred))

  ;; The 2F1 part of E[purchases | alive] for each (x, T) group (expectedIfAliveAt in src/engine/clv/bgnbd.ts,
  ;; seriesTail in hyp2f1.ts): x per group, its tenure's index into the per-tenure z, first, scale and growth.
  (func (export "ifAliveGroups")
    (param $r f64) (param $a f64) (param $b f64) (param $xs i32) (param $tenureOf i32)
    (param $z i32) (param $first i32) (param $scale i32) (param $growth i32) (param $groups i32) (param $out i32)
    (local $g i32) (local $t i32) (local $A f64) (local $B f64) (local $C f64) (local $zt f64)
    (local.set $B (f64.sub (local.get $a) (f64.const 1)))
    (local.set $A (f64.sub (f64.sub (f64.add (local.get $a) (local.get $b)) (f64.const 1)) (local.get $r)))
    (block $done
      (loop $group
        (br_if $done (i32.ge_u (local.get $g) (local.get $groups)))
        (local.set $t (i32.shl (i32.load (i32.add (local.get $tenureOf) (i32.shl (local.get $g) (i32.const 2)))) (i32.const 3)))
        (local.set $C (f64.sub (f64.add (f64.add (local.get $a) (local.get $b))
          (f64.load (i32.add (local.get $xs) (i32.shl (local.get $g) (i32.const 3))))) (f64.const 1)))
        (local.set $zt (f64.load (i32.add (local.get $z) (local.get $t))))
        (f64.store (i32.add (local.get $out) (i32.shl (local.get $g) (i32.const 3)))
          (f64.mul (local.get $C)
            (f64.sub
              (f64.load (i32.add (local.get $first) (local.get $t)))
              (f64.mul
                (f64.load (i32.add (local.get $growth) (local.get $t)))
                (call $seriesTail (f64.div (f64.mul (local.get $A) (local.get $zt)) (local.get $C))
                  (local.get $A) (local.get $B) (local.get $C) (local.get $zt) (f64.load (i32.add (local.get $scale) (local.get $t))))))))
        (local.set $g (i32.add (local.get $g) (i32.const 1)))
        (br $group))))

  ;; seriesTail (src/engine/clv/hyp2f1.ts): sum of t_1 = first, t_{n+1} = t_n (a+n)(b+n) z / ((c+n)(n+1)), stopped
  ;; when the remainder's bound is below 1e-17 of |sum| + |scale|; NaN after 50,000,000 terms.
  (func $seriesTail (param $term f64) (param $a f64) (param $b f64) (param $c f64) (param $z f64) (param $scale f64) (result f64)
    (local $sum f64) (local $settled f64) (local $n f64) (local $ratio f64) (local $rho f64)
    (local.set $sum (local.get $term))
    (local.set $settled (f64.add (f64.add (f64.add (f64.abs (local.get $a)) (f64.abs (local.get $b))) (f64.abs (local.get $c))) (f64.const 2)))
    (local.set $n (f64.const 1))
    (block $done
      (loop $next
        (br_if $done (f64.ge (local.get $n) (f64.const 50000000)))
        (local.set $ratio
          (f64.div
            (f64.mul (f64.mul (f64.add (local.get $a) (local.get $n)) (f64.add (local.get $b) (local.get $n))) (local.get $z))
            (f64.mul (f64.add (local.get $c) (local.get $n)) (f64.add (local.get $n) (f64.const 1)))))
        (local.set $term (f64.mul (local.get $term) (local.get $ratio)))
        (local.set $sum (f64.add (local.get $sum) (local.get $term)))
        (if (f64.eq (local.get $term) (f64.const 0)) (then (return (local.get $sum))))
        (if (f64.gt (local.get $n) (local.get $settled))
          (then
            (local.set $rho (f64.max (local.get $ratio) (local.get $z)))
            (if (f64.lt (local.get $rho) (f64.const 1))
              (then
                (if (f64.le
                      (f64.div (f64.mul (f64.abs (local.get $term)) (local.get $rho)) (f64.sub (f64.const 1) (local.get $rho)))
                      (f64.mul (f64.const 1e-17) (f64.add (f64.abs (local.get $sum)) (f64.abs (local.get $scale)))))
                  (then (return (local.get $sum))))))))
        (local.set $n (f64.add (local.get $n) (f64.const 1)))
        (br $next)))
    (f64.const nan))

  ;; keptStats: over values[0..n-1] that are not NaN and kept (keep[i] != 0, when hasKeep): their count,
  ;; sum (in row order), min and max; with collect, the rows whose value is >= bound (in row order) into
  ;; `rows`; with guess, every other kept value counted into the bars counts[0..last] (f64) at
  ;; floor((x - start) / step), the last bar also taking any index outside 0..last-1 (`over` when not last).
  ;; res (f64 each): n, total, min, max, rows collected, over (0 or 1).
  (func (export "keptStats")
    (param $values i32) (param $n i32) (param $keep i32) (param $hasKeep i32)
    (param $bound f64) (param $collect i32) (param $rows i32)
    (param $guess i32) (param $start f64) (param $step f64) (param $counts i32) (param $last i32) (param $res i32)
    (local $i i32) (local $x f64) (local $kept i32) (local $total f64) (local $min f64) (local $max f64)
    (local $above i32) (local $over i32) (local $bar f64) (local $lastBar f64) (local $at i32) (local $ok i32)
    (local.set $min (f64.const inf))
    (local.set $max (f64.const -inf))
    (local.set $lastBar (f64.convert_i32_s (local.get $last)))
    (block $done
      (loop $row
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $x (f64.load (i32.add (local.get $values) (i32.shl (local.get $i) (i32.const 3)))))
        ;; Not NaN, and kept (keep is read only when there is one: both operands of i32.and are evaluated).
        (local.set $ok (f64.ge (local.get $x) (f64.const -inf)))
        (if (local.get $hasKeep)
          (then (if (i32.eqz (i32.load8_u (i32.add (local.get $keep) (local.get $i)))) (then (local.set $ok (i32.const 0))))))
        (if (local.get $ok)
          (then
            (local.set $kept (i32.add (local.get $kept) (i32.const 1)))
            (local.set $total (f64.add (local.get $total) (local.get $x)))
            (if (f64.lt (local.get $x) (local.get $min)) (then (local.set $min (local.get $x))))
            (if (f64.gt (local.get $x) (local.get $max)) (then (local.set $max (local.get $x))))
            (if (i32.and (local.get $collect) (f64.ge (local.get $x) (local.get $bound)))
              (then
                (i32.store (i32.add (local.get $rows) (i32.shl (local.get $above) (i32.const 2))) (local.get $i))
                (local.set $above (i32.add (local.get $above) (i32.const 1))))
              (else
                (if (local.get $guess)
                  (then
                    (local.set $bar (f64.floor (f64.div (f64.sub (local.get $x) (local.get $start)) (local.get $step))))
                    (if (i32.and (f64.ge (local.get $bar) (f64.const 0)) (f64.lt (local.get $bar) (local.get $lastBar)))
                      (then (local.set $at (i32.trunc_f64_s (local.get $bar))))
                      (else
                        (local.set $at (local.get $last))
                        (if (f64.ne (local.get $bar) (local.get $lastBar)) (then (local.set $over (i32.const 1))))))
                    (local.set $at (i32.add (local.get $counts) (i32.shl (local.get $at) (i32.const 3))))
                    (f64.store (local.get $at) (f64.add (f64.load (local.get $at)) (f64.const 1)))))))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $row)))
    (f64.store (local.get $res) (f64.convert_i32_s (local.get $kept)))
    (f64.store offset=8 (local.get $res) (local.get $total))
    (f64.store offset=16 (local.get $res) (local.get $min))
    (f64.store offset=24 (local.get $res) (local.get $max))
    (f64.store offset=32 (local.get $res) (f64.convert_i32_s (local.get $above)))
    (f64.store offset=40 (local.get $res) (f64.convert_i32_s (local.get $over))))
)
