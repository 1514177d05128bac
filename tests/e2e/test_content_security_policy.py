import time

import pytest

INJECT = """() => {
  const script = document.createElement('script');
  script.textContent = 'window.injectedRan = true';
  document.head.appendChild(script);
  return window.injectedRan === true;
}"""


@pytest.mark.django_db(transaction=True)
def test_injected_inline_script_does_not_run_and_is_reported(live_server, page, caplog):
    page.goto(f"{live_server.url}/login/")

    ran = page.evaluate(INJECT)
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and not any(r.name == "nianbao.csp" for r in caplog.records):
        time.sleep(0.05)
    reported = [record.getMessage() for record in caplog.records if record.name == "nianbao.csp"]
    caplog.clear()  # the violation was the point; the autouse check must not count it

    assert ran is False
    assert len(reported) == 1
    assert "script-src" in reported[0]
