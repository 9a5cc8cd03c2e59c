"""The same checks on a real device: `pytest -m hardware --station-port=/dev/ttyUSB0
--station-driver=beurer-bm58` (skipped otherwise). The assistant takes a measurement on
the device when asked."""

import pytest

from drivers import registry
from drivers.base import DeviceDriver
from drivers.validation import implausible_components


@pytest.mark.hardware
async def test_real_device_gives_a_plausible_measurement(request: pytest.FixtureRequest) -> None:
    port = request.config.getoption("--station-port")
    name = request.config.getoption("--station-driver")
    if not name:
        pytest.fail("--station-driver is required with --station-port")
    driver = registry.get(name)(port)
    assert isinstance(driver, DeviceDriver)
    try:
        m = await driver.measure()
    finally:
        await driver.close()
    assert m.components and not implausible_components(m)
