"""The timing the PyTorch references share: warm up, then the median of several rounds."""
import statistics
import time


def median_rate(step, batch, steps, rounds, warmup):
    """Samples per second of `step` (one training step on `batch` rows)."""
    for _ in range(warmup):
        step()
    rates = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        for _ in range(steps):
            step()
        rates.append(batch * steps / (time.perf_counter() - t0))
    return statistics.median(rates)
