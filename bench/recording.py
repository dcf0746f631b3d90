"""Recording benchmark figures in RESULTS.md, each benchmark in its own section, with the
machine they were measured on (figures mean little without it)."""

from __future__ import annotations

import os
import platform
import re
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

RESULTS = Path(__file__).with_name("RESULTS.md")

HEADER = """# Benchmark results

Figures written by the benchmarks in this folder (see `README.md` here for what each one
measures). Each section is replaced when its benchmark is run again with `--record`.

"""


def section_markers(name: str) -> tuple[str, str]:
    return f"<!-- {name}: start -->", f"<!-- {name}: end -->"


def machine(packages: tuple[str, ...] = ("numpy", "simpy", "ciw")) -> dict[str, str]:
    """What the figures were measured on."""
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    versions = ", ".join(f"{p} {metadata.version(p)}" for p in packages)
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": cpu,
        "cores": str(os.cpu_count()),
        "os": platform.platform(terse=True),
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "packages": versions,
    }


def load_average() -> str:
    """The 1-minute load average now, for figures measured on a shared machine."""
    try:
        return f"{os.getloadavg()[0]:.1f}"
    except OSError:
        return "unknown"


def record(name: str, section: str, path: Path = RESULTS) -> None:
    """Replace this benchmark's section of RESULTS.md, or add it, keeping everything else."""
    start, end = section_markers(name)
    text = path.read_text(encoding="utf-8") if path.exists() else HEADER
    pattern = re.compile(re.escape(start) + ".*?" + re.escape(end) + "\n?", re.S)
    if pattern.search(text):
        text = pattern.sub(lambda _m: section, text, count=1)
    else:
        text = text.rstrip("\n") + "\n\n" + section
    path.write_text(text, encoding="utf-8")


def machine_footer(info: dict[str, str], load: str, command: str) -> list[str]:
    """The lines every recorded section ends with: the machine, its load, the command."""
    return [
        "Machine:",
        "",
        *[f"- {key}: {value}" for key, value in info.items()],
        f"- load average while measuring: {load} (other work shares the cores)",
        "",
        f"Command: `{command}`",
    ]
