"""``registry bench supervision`` runs end to end on a small seed (its figures are the README's, not a test's)."""

from click.testing import CliRunner

from cli.main import main


def test_the_supervision_bench_prints_the_dashboard_and_the_bare_floor_with_their_ratio():
    result = CliRunner().invoke(main, ["bench", "supervision", "-n", "400", "--repeats", "3"])
    assert result.exit_code == 0, result.output
    assert "seeded 400 timed cases" in result.output
    assert "project (every dashboard answer): p50" in result.output
    assert "bare sqlite3 running the same" in result.output
    assert "ratio project / bare (p50):" in result.output
