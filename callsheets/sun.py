"""Sun times (offline, `astral`) and the weather provider interface."""

from dataclasses import dataclass
from datetime import date
from typing import Protocol
from zoneinfo import ZoneInfo

from astral import Observer
from astral.sun import sun


@dataclass(frozen=True)
class SunTimes:
    dawn: str  # civil twilight begins
    sunrise: str
    sunset: str
    dusk: str  # civil twilight ends

    def as_dict(self) -> dict:
        return {"dawn": self.dawn, "sunrise": self.sunrise, "sunset": self.sunset,
                "dusk": self.dusk}


def sun_times(*, latitude: float, longitude: float, on: date, time_zone: str) -> SunTimes | None:
    """Local HH:MM times, or None where the sun does not rise or set that day."""
    try:
        times = sun(Observer(latitude=float(latitude), longitude=float(longitude)), date=on,
                    tzinfo=ZoneInfo(time_zone))
    except ValueError:
        return None
    return SunTimes(*(times[k].strftime("%H:%M") for k in ("dawn", "sunrise", "sunset", "dusk")))


@dataclass(frozen=True)
class Weather:
    summary: str = ""
    high_c: int | None = None
    low_c: int | None = None
    precip_pct: int | None = None
    wind: str = ""

    def as_dict(self) -> dict:
        return {"summary": self.summary, "high_c": self.high_c, "low_c": self.low_c,
                "precip_pct": self.precip_pct, "wind": self.wind}


class WeatherProvider(Protocol):
    def forecast(self, *, callsheet) -> Weather: ...


class TypedWeather:
    """The default provider: what the AP typed on the sheet. No network."""

    def forecast(self, *, callsheet) -> Weather:
        return Weather(callsheet.weather_summary, callsheet.weather_high_c,
                       callsheet.weather_low_c, callsheet.weather_precip_pct,
                       callsheet.weather_wind)


weather_provider: WeatherProvider = TypedWeather()
