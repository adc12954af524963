"""Make docs/review.png: `harness review --web` in headless Chromium, on a sample project.

Run from the repository root: `python docs/review_png.py` (needs Chromium, chromedriver,
selenium and playwright, as the browser tests do). It builds a project in a temporary folder,
adds a page rendered offline (its article built by a script), approves its output, makes the
golden an older one so the next run drifts, serves the web review and takes its picture.
"""

from __future__ import annotations

import json
import os
import queue
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.browser.conftest import CHROMEDRIVER, CHROMIUM, FLAGS  # noqa: E402
from tests.conftest import make_project  # noqa: E402

PAGE = """<html><head><title>Harbour bridge reopens after repairs</title></head><body>
<h1>Harbour bridge reopens after repairs</h1><p id="by">By Ana Ruiz</p><div id="story"></div>
<script>
var story = ["The harbour bridge reopened to traffic on Monday after eight months of repairs.",
  "Engineers replaced the deck joints and repainted the steel arches.",
  "The city expects about 40,000 crossings a day once ferries resume their winter timetable."];
story.forEach(function (text) {
  var p = document.createElement("p"); p.textContent = text;
  document.getElementById("story").appendChild(p);
});
</script></body></html>"""
TRUTH = {"title": "Harbour bridge reopens after repairs", "authors": ["Ana Ruiz"]}


def harness(project: Path, *args: str) -> None:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(project), str(ROOT)])}
    env.pop("CI", None)
    subprocess.run([sys.executable, "-m", "harness.cli", *args], cwd=project, env=env, check=False)


def sample(project: Path) -> None:
    make_project(project)
    (project / "story.html").write_text(PAGE)
    (project / "truth.json").write_text(json.dumps(TRUTH))
    harness(project, "add", "story.html", "--render", "--id", "bridge", "--truth", "truth.json")
    harness(project, "approve", "--all")
    golden = project / "goldens" / "demo" / "bridge.json"
    data = json.loads(golden.read_text())
    data["record"]["title"] = "Harbour bridge | City News"
    data["record"]["body"] = [*data["record"]["body"][:2], "Advertisement"]
    golden.write_text(json.dumps(data, indent=2))
    harness(project, "run")


def picture(project: Path, out: Path) -> None:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    os.chdir(project)
    from harness import config as configuration
    from harness.goldens import pending, review
    from harness.goldens.review_server import Session, serve

    config = configuration.load()
    session = Session(config, review.changes(config, pending.entries(config.pending)), None, print)
    ready: queue.Queue[str] = queue.Queue()
    thread = threading.Thread(target=serve, args=(session, 0, ready.put), daemon=True)
    thread.start()
    url = ready.get(timeout=30)
    profile = tempfile.mkdtemp()
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (*FLAGS, f"--user-data-dir={profile}", "--window-size=1100,640"):
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options, service=Service(executable_path=str(CHROMEDRIVER)))
    try:
        driver.get(url)
        WebDriverWait(driver, 30).until(
            lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-ready") == "1"
        )
        driver.execute_script("document.querySelector('.shot img').decode()")
        out.write_bytes(driver.get_screenshot_as_png())
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as folder:
        sample(Path(folder))
        picture(Path(folder), ROOT / "docs" / "review.png")
    print(f"wrote {ROOT / 'docs' / 'review.png'}")
