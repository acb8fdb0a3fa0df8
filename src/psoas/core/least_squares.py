"""A small damped least-squares solver (Levenberg–Marquardt) in plain Python.

Enough for a handful of unknowns, as in posing a figure; it keeps the domain core
free of numeric libraries that would slow every command's start.
"""

from __future__ import annotations

from collections.abc import Callable


def least_squares(
    residuals: Callable[[list[float]], list[float]],
    x: list[float],
    bounds: list[tuple[float, float]],
    iterations: int = 200,
    done: Callable[[list[float]], bool] | None = None,
) -> list[float]:
    """Levenberg–Marquardt with a forward-difference Jacobian, clamped to ``bounds``;
    it stops early once ``done`` accepts the residuals."""
    damping = 1.0
    r = residuals(x)
    if done is not None and done(r):
        return x
    cost = sum(v * v for v in r)
    n = len(x)
    for _ in range(iterations):
        jacobian = []
        for j in range(n):
            step = 1e-3 * max(1.0, abs(x[j]))
            if x[j] + step > bounds[j][1]:  # step back from an upper bound
                step = -step
            moved = list(x)
            moved[j] += step
            rj = residuals(moved)
            jacobian.append([(a - b) / step for a, b in zip(rj, r, strict=True)])
        gradient = [sum(jj * rr for jj, rr in zip(jacobian[j], r, strict=True)) for j in range(n)]
        normal = [
            [sum(a * b for a, b in zip(jacobian[i], jacobian[j], strict=True)) for j in range(n)]
            for i in range(n)
        ]
        improved = False
        while damping < 1e8:
            system = [
                [normal[i][j] + (damping * (1 + normal[i][i]) if i == j else 0.0)
                 for j in range(n)]
                for i in range(n)
            ]  # fmt: skip
            delta = solve_linear(system, [-g for g in gradient])
            trial = [
                min(hi, max(lo, v + d)) for v, d, (lo, hi) in zip(x, delta, bounds, strict=True)
            ]
            r_trial = residuals(trial)
            cost_trial = sum(v * v for v in r_trial)
            if cost_trial < cost:
                x, r, improved = trial, r_trial, True
                if cost - cost_trial < 1e-5 * cost + 1e-9:  # no longer worth a step
                    return x
                if done is not None and done(r):
                    return x
                cost = cost_trial
                damping = max(damping / 3, 1e-6)
                break
            damping *= 4
        if not improved:
            break
    return x


def solve_linear(a: list[list[float]], b: list[float]) -> list[float]:
    """Gaussian elimination with partial pivoting (the systems here are tiny)."""
    n = len(b)
    m = [[*row, b[i]] for i, row in enumerate(a)]
    for col in range(n):
        pivot = max(range(col, n), key=lambda r: abs(m[r][col]))
        m[col], m[pivot] = m[pivot], m[col]
        if abs(m[col][col]) < 1e-12:
            continue
        for r in range(col + 1, n):
            f = m[r][col] / m[col][col]
            for c in range(col, n + 1):
                m[r][c] -= f * m[col][c]
    out = [0.0] * n
    for r in range(n - 1, -1, -1):
        if abs(m[r][r]) < 1e-12:
            continue
        out[r] = (m[r][n] - sum(m[r][c] * out[c] for c in range(r + 1, n))) / m[r][r]
    return out


__all__ = ["least_squares", "solve_linear"]
