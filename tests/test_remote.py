"""Corpora in object storage: a real S3 endpoint (moto's server on the loopback address)
and a WARC over a local HTTP server, read as a local corpus is, and refused as it is."""

from __future__ import annotations

import json
import shutil
import threading
import uuid
from collections.abc import Callable, Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from harness.cli import main

pytest.importorskip("s3fs", reason="the storage extra (s3fs) is not installed")
moto_server = pytest.importorskip("moto.server", reason="moto[server] is not installed")

REPO = Path(__file__).resolve().parent.parent
EXTRACTORS = ["--extractor", "text", "--extractor", "trafilatura"]
Upload = Callable[..., str]


def free_port() -> int:
    """A loopback port nothing listens on now."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


@pytest.fixture(scope="module")
def endpoint() -> Iterator[str]:
    """moto's S3 server on a free loopback port, for the tests of this module."""
    port = free_port()  # moto's older servers cannot tell the port they were given for 0
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.stop()


@pytest.fixture
def s3(endpoint: str, monkeypatch: pytest.MonkeyPatch) -> Any:
    """A boto3 client of the endpoint, with the credentials and endpoint in the environment
    (where s3fs finds them, as it would find real ones)."""
    import boto3

    for name in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI-secret-in-the-environment")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    monkeypatch.setenv("AWS_ENDPOINT_URL_S3", endpoint)
    monkeypatch.setenv("AWS_CONFIG_FILE", "/nonexistent")
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent")
    return boto3.client("s3")


@pytest.fixture
def upload(s3: Any) -> Upload:
    """Puts a folder (or one file) under a key prefix of a new bucket; returns the s3:// URL."""

    def put(source: Path, prefix: str) -> str:
        bucket = f"corpus-{uuid.uuid4().hex[:12]}"
        s3.create_bucket(Bucket=bucket)
        files = [source] if source.is_file() else sorted(source.rglob("*"))
        for file in files:
            if file.is_file():
                key = prefix if source.is_file() else f"{prefix}/{file.relative_to(source)}"
                s3.put_object(Bucket=bucket, Key=key, Body=file.read_bytes())
        return f"s3://{bucket}/{prefix}"

    return put


@pytest.fixture
def repo_project(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, write_warc: Callable[..., Path]
) -> Path:
    """A project holding the repository's captures and goldens, and a WARC of two pages."""
    shutil.copytree(REPO / "captures", tmp_path / "captures")
    shutil.copytree(REPO / "goldens", tmp_path / "goldens")
    (tmp_path / "pyproject.toml").write_text(
        '[tool.harness]\ncaptures = "captures"\ngoldens = "goldens"\n'
    )
    pages = [
        ("https://news.example/a/first.html", "text/html", b"<title>One</title><p>First.</p>"),
        ("https://news.example/b/second.html", "text/html", b"<title>Two</title><p>Second.</p>"),
    ]
    write_warc(tmp_path / "crawl.warc.gz", pages)
    monkeypatch.chdir(tmp_path)
    for name in ("CI", "GITHUB_ACTIONS"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


def run_json(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict[str, Any], str]:
    """A run that extracts every cell (no record cache: each side reads its own corpus)."""
    code = main(["run", "--format", "json", "--no-cache", *EXTRACTORS, *args])
    out, err = capsys.readouterr()
    document = json.loads(out) if code in (0, 1) else {}  # on a refusal, what was begun
    for result in document.get("results", []):
        result["seconds"] = 0
    return code, document, err


def pending_records(project: Path) -> dict[str, Any]:
    """The records of the pending outputs a run left: what each extractor returned."""
    found = {}
    for path in sorted((project / ".harness" / "pending").rglob("*.json")):
        entry = json.loads(path.read_text())
        found[f"{entry['extractor']}[{entry['capture']}]"] = (entry["record"], entry["status"])
    return found


def tree(folder: Path) -> dict[str, bytes]:
    files = (p for p in folder.rglob("*") if p.is_file())
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in files}


def bucket_keys(s3: Any, url: str) -> list[tuple[str, str]]:
    bucket = url.removeprefix("s3://").split("/", 1)[0]
    listed = s3.list_objects_v2(Bucket=bucket).get("Contents", [])
    return sorted((o["Key"], o["ETag"]) for o in listed)


def test_a_run_from_s3_equals_the_local_run(
    repo_project: Path, upload: Upload, s3: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    url = upload(repo_project / "captures", "corpus")
    before = bucket_keys(s3, url), tree(repo_project / "goldens")
    local = run_json(capsys, "--captures", "captures")
    remote = run_json(capsys, "--captures", url)
    assert len(local[1]["results"]) == 8, local  # passing with the pinned versions
    assert remote[:2] == local[:2], remote[2]
    assert (bucket_keys(s3, url), tree(repo_project / "goldens")) == before


def test_a_warc_in_s3_gives_the_ids_verdicts_and_records_of_the_local_warc(
    repo_project: Path, upload: Upload, capsys: pytest.CaptureFixture[str]
) -> None:
    url = upload(repo_project / "crawl.warc.gz", "crawls/crawl.warc.gz")
    local = run_json(capsys, "--captures", "crawl.warc.gz")
    records = pending_records(repo_project)
    shutil.rmtree(repo_project / ".harness")
    remote = run_json(capsys, "--captures", url)
    assert local[0] == 1 and "new" in {r["status"] for r in local[1]["results"]}
    assert [r["capture"] for r in local[1]["results"]][::2] == [
        "news-example-a-first",
        "news-example-b-second",
    ]
    assert remote[:2] == local[:2], remote[2]
    assert pending_records(repo_project) == records and records  # 4 with the pinned versions


def test_outputs_of_an_s3_corpus_are_approved_into_local_goldens(
    repo_project: Path, upload: Upload, s3: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    url = upload(repo_project / "captures", "corpus")
    shutil.rmtree(repo_project / "goldens")
    (repo_project / "pyproject.toml").write_text(
        f'[tool.harness]\ncaptures = "{url}"\ngoldens = "goldens"\nenable = ["text"]\n'
    )
    before = bucket_keys(s3, url)
    assert main(["run"]) == 1
    assert main(["approve", "--all"]) == 0
    capsys.readouterr()
    assert main(["run", "--format", "json"]) == 0
    results = json.loads(capsys.readouterr().out)["results"]
    assert {r["status"] for r in results} == {"pass"} and len(results) == 4
    assert len(list((repo_project / "goldens" / "text").glob("*.json"))) == 4
    assert bucket_keys(s3, url) == before


def test_prune_decides_gone_from_the_s3_listing_and_refuses_an_unreadable_one(
    repo_project: Path, upload: Upload, s3: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    url = upload(repo_project / "captures", "corpus")
    shutil.rmtree(repo_project / "captures" / "seed-lachin")
    kept = upload(repo_project / "captures", "corpus")
    (repo_project / "pyproject.toml").write_text(
        f'[tool.harness]\ncaptures = "{kept}"\ngoldens = "goldens"\n'
    )
    assert main(["prune"]) == 1
    listed = capsys.readouterr().out
    assert "seed-lachin" in listed and "blog-build-cache" not in listed
    (repo_project / "pyproject.toml").write_text(
        '[tool.harness]\ncaptures = "s3://no-such-bucket-here/corpus"\ngoldens = "goldens"\n'
    )
    before = tree(repo_project / "goldens")
    assert main(["prune", "--delete"]) == 2
    err = capsys.readouterr().err
    assert "cannot be listed" in err and "Traceback" not in err
    assert tree(repo_project / "goldens") == before
    assert url != kept


def test_bad_remote_corpora_are_refused_naming_the_url(
    repo_project: Path, upload: Upload, s3: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    before = tree(repo_project)
    code, _, err = run_json(capsys, "--captures", "s3://no-such-bucket-here/corpus")
    assert code == 2 and "s3://no-such-bucket-here/corpus" in err and "cannot be listed" in err
    url = upload(repo_project / "captures", "corpus")
    bucket = url.removeprefix("s3://").split("/")[0]
    s3.put_object(Bucket=bucket, Key="corpus/../x/page.html", Body=b"<p>x</p>")
    code, _, err = run_json(capsys, "--captures", url)
    assert code == 2 and "'../x/page.html'" in err and "not a safe name" in err
    assert "Traceback" not in err
    assert tree(repo_project) == before


def test_an_object_over_the_page_limit_is_an_error_cell_naming_it(
    repo_project: Path, upload: Upload, capsys: pytest.CaptureFixture[str]
) -> None:
    big = repo_project / "big" / "huge"
    big.mkdir(parents=True)
    (big / "page.html").write_bytes(b"<p>" + b"x" * 300_000 + b"</p>")
    url = upload(repo_project / "big", "corpus")
    (repo_project / "pyproject.toml").write_text(
        '[tool.harness]\ncaptures = "captures"\ngoldens = "goldens"\nmax_page_mb = 0.1\n'
    )
    code, document, err = run_json(capsys, "--captures", url)
    [first, _] = document["results"]
    assert code == 1 and first["status"] == "error", err
    assert f"{url}/huge/page.html" in first["message"]
    assert "over the limit of 0.1 MB" in first["message"]


def test_an_unreachable_endpoint_is_a_usage_error(
    repo_project: Path, s3: Any, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("AWS_ENDPOINT_URL_S3", f"http://127.0.0.1:{free_port()}")
    monkeypatch.setenv("AWS_MAX_ATTEMPTS", "1")
    code, _, err = run_json(capsys, "--captures", "s3://some-bucket/corpus")
    assert code == 2 and "cannot be listed" in err and "Traceback" not in err


def test_captures_in_storage_are_read_only(
    repo_project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (repo_project / "pyproject.toml").write_text(
        '[tool.harness]\ncaptures = "s3://bucket-name/corpus"\ngoldens = "goldens"\n'
    )
    page = repo_project / "page.html"
    page.write_text("<title>T</title><p>x</p>")
    assert main(["add", str(page)]) == 2
    assert "read-only" in capsys.readouterr().err
    assert main(["truth", "seed-lachin", "--title", "x"]) == 2
    assert "read-only" in capsys.readouterr().err


def test_gs_without_gcsfs_names_the_package(
    repo_project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    try:
        import gcsfs  # noqa: F401
    except ImportError:
        pass
    else:
        pytest.skip("gcsfs is installed: the refusal is for an environment without it")
    code, _, err = run_json(capsys, "--captures", "gs://bucket-name/corpus")
    assert code == 2 and "pip install" in err and "gcsfs" in err


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass  # the server's log is not the harness's output


@pytest.fixture
def warc_server(repo_project: Path) -> Iterator[str]:
    """A plain HTTP server of the project folder on the loopback address."""
    handler = partial(_Quiet, directory=str(repo_project))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_a_warc_over_http_equals_the_local_warc(
    repo_project: Path, warc_server: str, capsys: pytest.CaptureFixture[str]
) -> None:
    local = run_json(capsys, "--captures", "crawl.warc.gz")
    records = pending_records(repo_project)
    shutil.rmtree(repo_project / ".harness")
    remote = run_json(capsys, "--captures", f"{warc_server}/crawl.warc.gz")
    assert remote[:2] == local[:2] and len(local[1]["results"]) == 4, remote[2]
    assert pending_records(repo_project) == records


def test_dask_workers_get_bytes_and_open_no_capture_file(
    repo_project: Path, upload: Upload, capsys: pytest.CaptureFixture[str]
) -> None:
    """Workers that may not open anything under the captures or goldens folders check every
    cell as the local pool does, from a local corpus and from S3: the tasks carry the pages
    and the goldens."""
    distributed = pytest.importorskip("distributed", reason="the dask extra is not installed")
    url = upload(repo_project / "captures", "corpus")
    captures = str(repo_project / "captures")
    page = f"{captures}/seed-lachin/page.html"

    def refuse_opening(folder: str) -> None:
        import os
        import sys

        def hook(event: str, args: tuple[Any, ...]) -> None:
            path = args[0] if event == "open" else None
            if isinstance(path, str | bytes | os.PathLike) and os.fsdecode(path).startswith(folder):
                raise PermissionError(f"a worker opened {os.fsdecode(args[0])}")

        sys.addaudithook(hook)

    def opened(path: str) -> str:
        try:
            with open(path, "rb"):
                return "opened"
        except PermissionError as error:
            return str(error)

    local = run_json(capsys, "--captures", "captures")
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        client.run(refuse_opening, captures)
        client.run(refuse_opening, str(repo_project / "goldens"))
        assert set(client.run(opened, page).values()) == {f"a worker opened {page}"}
        golden = str(next((repo_project / "goldens").rglob("*.json")))
        assert set(client.run(opened, golden).values()) == {f"a worker opened {golden}"}
        address = cluster.scheduler_address
        on_cluster = run_json(capsys, "--captures", "captures", "--scheduler", address)
        from_s3 = run_json(capsys, "--captures", url, "--scheduler", address)
    assert len(local[1]["results"]) == 8, local
    assert on_cluster[:2] == local[:2], on_cluster[2]
    assert from_s3[:2] == local[:2], from_s3[2]


def test_a_dask_task_carries_the_page_and_no_path_or_credential(
    repo_project: Path, write_warc: Callable[..., Path]
) -> None:
    pytest.importorskip("distributed", reason="the dask extra is not installed")
    from dataclasses import replace

    from harness import config as configuration
    from harness.corpus.capture import iter_captures
    from harness.corpus.remote import Remote
    from harness.running import dask_engine

    config = configuration.load()
    for root in (config.captures, repo_project / "crawl.warc.gz"):
        for capture in iter_captures(root):
            sent = dask_engine.carried(capture)
            assert not isinstance(sent, Path)
            assert sent.data == capture.read_bytes() and not sent.folder.is_absolute()
            assert sent.read_bytes() == capture.read_bytes()
    secret = "https://user:hunter22@store.example/crawl.warc.gz?X-Amz-Signature=abc123"
    shared = dask_engine.for_workers(replace(config, captures=Remote(secret)))
    assert "hunter22" not in repr(shared) and "abc123" not in str(shared.captures)
    assert isinstance(shared.captures, Remote) and "hunter22" not in shared.captures.url


def test_urls_are_shown_without_their_credentials() -> None:
    from harness.corpus.remote import Remote, redact

    url = "https://user:pa55word@store.example/x.warc.gz?X-Amz-Signature=abc123&X-Amz-Date=1"
    shown = "https://***@store.example/x.warc.gz?X-Amz-Signature=***&X-Amz-Date=***"
    assert redact(url) == shown
    assert str(Remote(url)) == shown and "pa55word" not in repr(Remote(url))
    assert redact("s3://bucket/corpus") == "s3://bucket/corpus"


def test_errors_of_the_storage_library_are_scrubbed(monkeypatch: pytest.MonkeyPatch) -> None:
    from harness.corpus.remote import Remote, scrub

    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "the-secret-key-from-env")
    monkeypatch.setenv("AWS_SESSION_TOKEN", "session-token-from-env")
    remote = Remote("https://user:pa55word@store.example/x.warc.gz?token=t0ken99")
    text = (
        "GET https://user:pa55word@store.example/x.warc.gz?token=t0ken99 failed; "
        "https://other:pw@host/y?AWSAccessKeyId=AKIAIOSFODNN7EXAMPLE&Signature=c2lnbmF0dXJl "
        "key AKIAIOSFODNN7EXAMPLE, secret the-secret-key-from-env, session-token-from-env"
    )
    found = scrub(text, remote)
    for secret in (
        "pa55word",
        "t0ken99",
        "other:pw",
        "AKIAIOSFODNN7EXAMPLE",
        "c2lnbmF0dXJl",
        "the-secret-key-from-env",
        "session-token-from-env",
    ):
        assert secret not in found
    assert "https://***@store.example/x.warc.gz" in found


SECRETS = ("hunter22", "sig-abc-123")


def test_a_credential_in_the_url_reaches_no_output_report_or_file(
    repo_project: Path, warc_server: str, capsys: pytest.CaptureFixture[str]
) -> None:
    host = warc_server.removeprefix("http://")
    url = f"http://reader:hunter22@{host}/crawl.warc.gz?X-Amz-Signature=sig-abc-123"
    code, document, err = run_json(capsys, "--captures", url)
    assert code == 1 and len(document["results"]) == 4, err
    assert main(["run", *EXTRACTORS, "--captures", url, "--report", "reports"]) == 1
    shown = capsys.readouterr()
    missing = url.replace("crawl.warc.gz", "missing.warc.gz")
    code, _, refused = run_json(capsys, "--captures", missing)
    written = b"".join(tree(repo_project).values()).decode("utf-8", "replace")
    everything = json.dumps(document) + err + shown.out + shown.err + refused + written
    assert code == 2 and "cannot be read: not found" in refused, refused
    assert f"http://***@{host}/" in everything
    for secret in SECRETS:
        assert secret not in everything


def test_the_project_files_may_not_hold_a_credential(
    repo_project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (repo_project / "pyproject.toml").write_text(
        '[tool.harness]\ncaptures = "https://reader:hunter22@store.example/c.warc.gz"\n'
    )
    assert main(["run"]) == 2
    err = capsys.readouterr().err
    assert "credentials are never read from the project's files" in err
    assert "AWS_ACCESS_KEY_ID" in err and "hunter22" not in err


def test_scores_and_the_gate_fingerprint_from_s3_equal_the_local_ones(
    repo_project: Path, upload: Upload, capsys: pytest.CaptureFixture[str]
) -> None:
    url = upload(repo_project / "captures", "corpus")
    found = []
    for where in ("captures", url):
        baseline = repo_project / f"floors-{len(found)}.json"
        args = ["score", "--extractor", "text", "--format", "json", "--captures", where]
        assert main([*args, "--baseline", str(baseline), "--update"]) == 0
        found.append((json.loads(capsys.readouterr().out), json.loads(baseline.read_text())))
    assert found[0] == found[1]
