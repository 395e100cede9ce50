#!/usr/bin/env python3
"""A real browser on a phone-sized screen: Debian's headless Chromium driven by Selenium.

  phone.py rollcall BASE SETUP_PATH PASSWORD SESSION_PATH
      sets the trainer's password through the one-time link, checks the session cookie, opens the session
      from "My sessions", marks the first person absent (present if already absent) and the second 10 (or 12) minutes
      late with single taps (saved without a page reload), reloads, and prints JSON:
      {"tapped": {id: state}, "marked": {id: state after the reload}, ...}.
  phone.py upload BASE SETUP_PATH PASSWORD FILE
      sets the coordinator's password through the one-time link, opens Imports from the menu, uploads FILE as
      a planning file and prints JSON: {"message": ..., "diagnostics": [...]}.
  phone.py correct BASE NAME PASSWORD PERSON SESSION
      signs the coordinator in, opens Participants from the menu, then PERSON's page, and corrects their mark
      for SESSION (e.g. GDPR-ADM#1/1) to absent (present if already absent) with a reason; prints JSON:
      {"status": the status chosen, "notice": ..., "row": the session's row after saving, "fits": ...,
      "pages_fit": {menu entry: no sideways scroll}} (the menu's pages are opened on the way).
  phone.py verify URL
      opens a certificate's verify link and prints JSON: {"status": heading, "url": final URL}.

Exits non-zero with a message when a step fails. Never downloads anything (SE_OFFLINE).
"""
import json
import os
import sys

os.environ["SE_OFFLINE"] = "true"

from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support import expected_conditions as EC  # noqa: E402
from selenium.webdriver.support.ui import Select, WebDriverWait  # noqa: E402


def browser() -> webdriver.Chrome:
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=390,844"):
        options.add_argument(argument)
    return webdriver.Chrome(options=options, service=Service("/usr/bin/chromedriver"))


def fits_the_screen(driver) -> bool:
    return driver.execute_script("return document.documentElement.scrollWidth <= window.innerWidth")


def choose_password(driver, wait, link: str, password: str, landing: str) -> None:
    """Opens a one-time set-up link, chooses the password, and waits to land signed in."""
    driver.get(link)
    driver.find_element(By.ID, "password").send_keys(password)
    driver.find_element(By.ID, "repeated").send_keys(password)
    driver.find_element(By.ID, "save-password").click()
    wait.until(EC.url_to_be(landing))


def rollcall(base: str, setup: str, password: str, session: str) -> dict:
    driver = browser()
    wait = WebDriverWait(driver, 10)
    try:
        choose_password(driver, wait, base + setup, password, base + "/trainer")
        cookie = next(c for c in driver.get_cookies() if c["name"].endswith("planner-session"))
        result = {"cookie": {"httpOnly": cookie.get("httpOnly"), "sameSite": cookie.get("sameSite")}}
        result["home_fits"] = fits_the_screen(driver)
        driver.find_element(By.CSS_SELECTOR, f'a[href="{session}"]').click()
        wait.until(EC.url_to_be(base + session))
        result["rollcall_fits"] = fits_the_screen(driver)
        driver.execute_script("window.notReloaded = true")
        people = driver.find_elements(By.CSS_SELECTOR, "ol.register > li")
        first, second = people[0], people[1]
        # The demo has already marked some people; a tap repeating a mark changes nothing and records nothing,
        # so the first tap is one that changes the mark.
        tap = "present" if first.find_element(By.CLASS_NAME, "state").text == "absent" else "absent"
        first.find_element(By.CSS_SELECTOR, f'button[value="{tap}"]').click()
        wait.until(lambda d: first.find_element(By.CLASS_NAME, "state").text == tap)
        minutes = "12" if second.find_element(By.CLASS_NAME, "state").text == "late (10 min late)" else "10"
        late = f"late ({minutes} min late)"
        result["tapped"] = {first.get_attribute("id")[2:]: tap, second.get_attribute("id")[2:]: late}
        second.find_element(By.NAME, "late").send_keys(minutes)
        second.find_element(By.CSS_SELECTOR, 'button[value="late"]').click()
        wait.until(lambda d: second.find_element(By.CLASS_NAME, "state").text == late)
        result["without_reload"] = driver.execute_script("return window.notReloaded === true")
        driver.refresh()
        wait.until(EC.presence_of_element_located((By.ID, "register")))
        result["marked"] = {
            li.get_attribute("id")[2:]: li.find_element(By.CLASS_NAME, "state").text
            for li in driver.find_elements(By.CSS_SELECTOR, "ol.register > li")[:2]
        }
        return result
    finally:
        driver.quit()


def upload(base: str, setup: str, password: str, path: str) -> dict:
    driver = browser()
    wait = WebDriverWait(driver, 10)
    try:
        choose_password(driver, wait, base + setup, password, base + "/coordinator")
        driver.find_element(By.LINK_TEXT, "Imports").click()
        wait.until(EC.url_to_be(base + "/coordinator/imports"))
        driver.find_element(By.ID, "planning-files").send_keys(path)
        driver.find_element(By.ID, "import-planning").click()
        wait.until(EC.presence_of_element_located((By.ID, "result")))
        return {
            "message": driver.find_element(By.ID, "result-message").text,
            "diagnostics": [e.text for e in driver.find_elements(By.CSS_SELECTOR, "#diagnostics li")],
            "fits": fits_the_screen(driver),
        }
    finally:
        driver.quit()


def correct(base: str, name: str, password: str, person: str, session: str) -> dict:
    driver = browser()
    wait = WebDriverWait(driver, 10)
    try:
        driver.get(base + "/login")
        driver.find_element(By.ID, "name").send_keys(name)
        driver.find_element(By.ID, "password").send_keys(password)
        driver.find_element(By.ID, "sign-in").click()
        wait.until(lambda d: "/login" not in d.current_url)
        fits = {}
        for page in ("Dashboard", "Schedule", "Imports", "Reports", "Certificates", "Registrations", "Accounts",
                     "Participants"):
            before = driver.find_element(By.TAG_NAME, "html")
            driver.find_element(By.LINK_TEXT, page).click()
            wait.until(EC.staleness_of(before))
            fits[page] = fits_the_screen(driver)
        driver.find_element(By.CSS_SELECTOR, f'a[href="/coordinator/participants/{person}"]').click()
        wait.until(EC.url_to_be(base + "/coordinator/participants/" + person))
        row = driver.find_element(By.ID, "s-" + session)
        current = row.find_elements(By.TAG_NAME, "td")[2].text
        status = "present" if current == "absent" else "absent"
        Select(row.find_element(By.NAME, "status")).select_by_visible_text(status)
        row.find_element(By.NAME, "reason").send_keys("the sign-in sheet says so")
        row.find_element(By.CSS_SELECTOR, 'button[type="submit"]').click()
        wait.until(EC.presence_of_element_located((By.ID, "notice")))
        return {
            "status": status,
            "notice": driver.find_element(By.ID, "notice").text,
            "row": [td.text for td in driver.find_element(By.ID, "s-" + session).find_elements(By.TAG_NAME, "td")[:5]],
            "fits": fits_the_screen(driver),
            "pages_fit": fits,
        }
    finally:
        driver.quit()


def verify(url: str) -> dict:
    driver = browser()
    try:
        driver.get(url)
        return {"status": driver.find_element(By.ID, "status").text, "url": driver.current_url,
                "fits": fits_the_screen(driver)}
    finally:
        driver.quit()


if __name__ == "__main__":
    command, arguments = sys.argv[1], sys.argv[2:]
    print(json.dumps({"rollcall": rollcall, "upload": upload, "correct": correct, "verify": verify}[command](*arguments)))
