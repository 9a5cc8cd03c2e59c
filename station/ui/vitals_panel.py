"""Live vitals: one card per device with its state in words and a big "take measurement"."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget

from drivers.base import DeviceKind
from station.consultation.session import ConsultationSession
from station.devices.manager import STATE_WORDS, DeviceSlot, DeviceState
from station.ui.listening import Listening
from station.ui.translate import values, words
from station.ui.widgets import accessible, heading

STATE_MARKS = {DeviceState.READY: "●", DeviceState.MEASURING: "◌", DeviceState.ERROR: "⚠"}


class DeviceCard(QFrame):
    def __init__(self, slot: DeviceSlot, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="step")
        self.slot = slot
        layout = QVBoxLayout(self)
        layout.addWidget(heading(words(slot.name).capitalize(), 2))
        layout.addWidget(QLabel(slot.model, wordWrap=True))  # a long model name wraps
        self.state = QLabel(objectName=f"device-state-{slot.kind}", wordWrap=True)
        self.value = QLabel(objectName=f"device-value-{slot.kind}", wordWrap=True)
        self.button = QPushButton(self.tr("Prendre la mesure"), objectName=f"take-{slot.kind}")
        self.button.setMinimumHeight(48)
        accessible(self.button, self.tr("Prendre la mesure : ") + words(slot.name))
        # Whether the doctor's page has this device's latest reading (during a call).
        self.delivery = QLabel(objectName=f"device-delivery-{slot.kind}", wordWrap=True)
        self.delivery.hide()
        layout.addWidget(self.state)
        layout.addWidget(self.value)
        layout.addWidget(self.delivery)
        layout.addWidget(self.button)
        self.refresh()

    def show_delivery(self, delivered: bool | None) -> None:
        """None: not sent (no call); False: on its way; True: the doctor's page has it."""
        if delivered is None:
            self.delivery.hide()
            return
        self.delivery.setText(
            self.tr("✓ Le médecin a reçu cette mesure")
            if delivered
            else self.tr("↻ Envoi au médecin en cours…")
        )
        self.delivery.show()

    def refresh(self) -> None:
        slot = self.slot
        state_words = words(STATE_WORDS[slot.state])
        text = f"{STATE_MARKS[slot.state]} {state_words}"
        if slot.message:
            text += f" — {words(slot.message)}"
        self.state.setText(text)
        self.state.setObjectName("error" if slot.state is DeviceState.ERROR else "")
        self.state.setStyleSheet(self.state.styleSheet())  # re-apply the object-name style
        self.value.setText(
            values(slot.last.to_dict()["components"])
            if slot.last
            else self.tr("Pas encore de mesure")
        )
        self.button.setEnabled(slot.state is not DeviceState.MEASURING)
        self.button.setText(
            self.tr("Recommencer la mesure")
            if slot.state is DeviceState.ERROR
            else self.tr("Prendre la mesure")
        )


class VitalsPanel(QWidget):
    measure_requested = Signal(str)

    def __init__(self, session: ConsultationSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        outer = QVBoxLayout(self)
        outer.addWidget(heading(self.tr("Constantes"), 2))
        self.setMinimumWidth(300)  # a card's value and its big button must stay readable
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        outer.addWidget(scroll, 1)
        content = QWidget()
        scroll.setWidget(content)
        self.cards_layout = QVBoxLayout(content)
        self.cards: dict[DeviceKind, DeviceCard] = {}
        self._stretched = False
        for slot in session.devices.slots.values():
            self._add_card(slot)
        self.cards_layout.addStretch()
        self._stretched = True
        self.message = QLabel(objectName="error", wordWrap=True)
        outer.addWidget(self.message)
        self.listening = Listening(self)
        self.listening.to(session.devices.changed, self._on_device)
        self.listening.to(session.measurement_changed, self._measurement_changed)
        self.listening.to(session.still_changed, self._show_error)

    def detach(self) -> None:
        self.listening.stop()

    def _add_card(self, slot: DeviceSlot) -> None:
        card = DeviceCard(slot)
        kind = slot.kind
        card.button.clicked.connect(lambda _=False, k=kind: self.measure_requested.emit(str(k)))
        self.cards[kind] = card
        # Before the closing stretch, once it is there (a device plugged in mid-consultation).
        last = self.cards_layout.count() - (1 if self._stretched else 0)
        self.cards_layout.insertWidget(last, card)

    def _on_device(self, slot: DeviceSlot) -> None:
        card = self.cards.get(slot.kind)
        if card is None or card.slot is not slot:  # plugged in while the screen shows
            if card is not None:
                self.cards_layout.removeWidget(card)
                card.deleteLater()
            self._add_card(slot)
            return
        card.refresh()

    def _show_error(self, _: None) -> None:
        self.message.setText(words(self.session.last_error))

    def _measurement_changed(self, _: None) -> None:
        self._show_error(None)
        for kind, card in self.cards.items():
            latest = self.session.latest_measurement(str(kind))
            card.show_delivery(
                self.session.delivered_to_doctor(latest) if latest is not None else None
            )
