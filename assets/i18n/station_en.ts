<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en" sourcelanguage="fr">
  <context>
    <name>AuscultationDialog</name>
    <message>
      <location filename="../../station/ui/auscultation_dialog.py" line="160" />
      <source>Auscultation du cœur</source>
      <translation>Heart auscultation</translation>
    </message>
    <message>
      <location filename="../../station/ui/auscultation_dialog.py" line="162" />
      <source>Auscultation des poumons</source>
      <translation>Lung auscultation</translation>
    </message>
    <message>
      <location filename="../../station/ui/auscultation_dialog.py" line="167" />
      <source>Schéma du corps avec les points d’auscultation</source>
      <translation>Body diagram with the auscultation points</translation>
    </message>
    <message>
      <location filename="../../station/ui/auscultation_dialog.py" line="176" />
      <source>Enregistrement en cours</source>
      <translation>Recording</translation>
    </message>
    <message>
      <location filename="../../station/ui/auscultation_dialog.py" line="178" />
      <source>Résultat de l’enregistrement</source>
      <translation>Recording result</translation>
    </message>
    <message>
      <location filename="../../station/ui/auscultation_dialog.py" line="180" />
      <source>Fermer (reprendre plus tard)</source>
      <translation>Close (resume later)</translation>
    </message>
    <message>
      <location filename="../../station/ui/auscultation_dialog.py" line="186" />
      <source>− Moins fort</source>
      <translation>− Quieter</translation>
    </message>
    <message>
      <location filename="../../station/ui/auscultation_dialog.py" line="188" />
      <source>+ Plus fort</source>
      <translation>+ Louder</translation>
    </message>
    <message>
      <location filename="../../station/ui/auscultation_dialog.py" line="214" />
      <source>Volume du stéthoscope : {db} dB</source>
      <translation>Stethoscope volume: {db} dB</translation>
    </message>
    <message>
      <location filename="../../station/ui/auscultation_dialog.py" line="229" />
      <source>Auscultation terminée</source>
      <translation>Auscultation complete</translation>
    </message>
    <message>
      <location filename="../../station/ui/auscultation_dialog.py" line="231" />
      <source>Le médecin a les {count} enregistrements.</source>
      <translation>The doctor has the {count} recordings.</translation>
    </message>
    <message>
      <location filename="../../station/ui/auscultation_dialog.py" line="237" />
      <source>Point {number} sur {total} : {site}</source>
      <translation>Point {number} of {total}: {site}</translation>
    </message>
    <message>
      <location filename="../../station/ui/auscultation_dialog.py" line="245" />
      <source>Posez la membrane sur la peau, sans bouger ; le patient respire normalement.</source>
      <translation>Place the diaphragm on the skin and keep still; the patient breathes normally.</translation>
    </message>
    <message>
      <location filename="../../station/ui/auscultation_dialog.py" line="249" />
      <source>Membrane posée : enregistrer ({seconds} s)</source>
      <translation>Diaphragm in place: record ({seconds} s)</translation>
    </message>
    <message>
      <location filename="../../station/ui/auscultation_dialog.py" line="263" />
      <source>Enregistrement… gardez la membrane en place.</source>
      <translation>Recording… keep the diaphragm in place.</translation>
    </message>
    <message>
      <location filename="../../station/ui/auscultation_dialog.py" line="280" />
      <source>L’enregistrement a échoué.</source>
      <translation>The recording failed.</translation>
    </message>
    <message>
      <location filename="../../station/ui/auscultation_dialog.py" line="287" />
      <source>{site} : enregistrement gardé ({seconds} s).</source>
      <translation>{site}: recording kept ({seconds} s).</translation>
    </message>
    <message>
      <location filename="../../station/ui/auscultation_dialog.py" line="295" />
      <source>Ce qui a été capté est gardé ; recommencez ce point.</source>
      <translation>What was captured is kept; record this point again.</translation>
    </message>
  </context>
  <context>
    <name>BodyMap</name>
    <message>
      <location filename="../../station/ui/auscultation_dialog.py" line="99" />
      <source>Vue de face</source>
      <translation>Front view</translation>
    </message>
    <message>
      <location filename="../../station/ui/auscultation_dialog.py" line="99" />
      <source>Vue de dos</source>
      <translation>Back view</translation>
    </message>
    <message>
      <location filename="../../station/ui/auscultation_dialog.py" line="102" />
      <source>droite du patient</source>
      <translation>patient’s right</translation>
    </message>
    <message>
      <location filename="../../station/ui/auscultation_dialog.py" line="102" />
      <source>gauche du patient</source>
      <translation>patient’s left</translation>
    </message>
  </context>
  <context>
    <name>CallPanel</name>
    <message>
      <location filename="../../station/ui/call_panel.py" line="51" />
      <source>Ce que le médecin a reçu</source>
      <translation>What the doctor has received</translation>
    </message>
    <message>
      <location filename="../../station/ui/call_panel.py" line="55" />
      <source>En attente de l’image du médecin…</source>
      <translation>Waiting for the doctor's picture…</translation>
    </message>
    <message>
      <location filename="../../station/ui/call_panel.py" line="56" />
      <source>Vidéo du médecin</source>
      <translation>Doctor's video</translation>
    </message>
    <message>
      <location filename="../../station/ui/call_panel.py" line="61" />
      <source>Caméra du poste</source>
      <translation>Station camera</translation>
    </message>
    <message>
      <location filename="../../station/ui/call_panel.py" line="61" />
      <source>Votre image, vue par le médecin</source>
      <translation>Your picture, as the doctor sees it</translation>
    </message>
    <message>
      <location filename="../../station/ui/call_panel.py" line="64" />
      <source>Otoscope</source>
      <translation>Otoscope</translation>
    </message>
    <message>
      <location filename="../../station/ui/call_panel.py" line="64" />
      <source>Image de l’otoscope</source>
      <translation>Otoscope picture</translation>
    </message>
    <message>
      <location filename="../../station/ui/call_panel.py" line="71" />
      <source>Ce que le médecin a écrit</source>
      <translation>What the doctor wrote</translation>
    </message>
    <message>
      <location filename="../../station/ui/call_panel.py" line="82" />
      <source>Lien à transmettre au médecin</source>
      <translation>Link to give the doctor</translation>
    </message>
    <message>
      <location filename="../../station/ui/call_panel.py" line="83" />
      <source>Copier le lien</source>
      <translation>Copy the link</translation>
    </message>
    <message>
      <location filename="../../station/ui/call_panel.py" line="85" />
      <source>Lien médecin :</source>
      <translation>Doctor's link:</translation>
    </message>
    <message>
      <location filename="../../station/ui/call_panel.py" line="90" />
      <source>Médecin appelé :</source>
      <translation>Doctor called:</translation>
    </message>
    <message>
      <location filename="../../station/ui/call_panel.py" line="92" />
      <source>Tout médecin de l’organisation</source>
      <translation>Any doctor of the organisation</translation>
    </message>
    <message>
      <location filename="../../station/ui/call_panel.py" line="93" />
      <source>Appeler un médecin précis de l’annuaire</source>
      <translation>Call one doctor of the directory</translation>
    </message>
    <message>
      <location filename="../../station/ui/call_panel.py" line="100" />
      <source>QR code du lien médecin</source>
      <translation>QR code of the doctor's link</translation>
    </message>
    <message>
      <location filename="../../station/ui/call_panel.py" line="160" />
      <source>bonne</source>
      <translation>good</translation>
    </message>
    <message>
      <location filename="../../station/ui/call_panel.py" line="161" />
      <source>moyenne</source>
      <translation>fair</translation>
    </message>
    <message>
      <location filename="../../station/ui/call_panel.py" line="162" />
      <source>faible</source>
      <translation>poor</translation>
    </message>
    <message>
      <location filename="../../station/ui/call_panel.py" line="163" />
      <source>inconnue</source>
      <translation>unknown</translation>
    </message>
    <message>
      <location filename="../../station/ui/call_panel.py" line="168" />
      <source>aller-retour {ms} ms</source>
      <translation>round trip {ms} ms</translation>
    </message>
    <message>
      <location filename="../../station/ui/call_panel.py" line="171" />
      <source>pertes {percent} %</source>
      <translation>loss {percent} %</translation>
    </message>
    <message>
      <location filename="../../station/ui/call_panel.py" line="175" />
      <source>{fps} images/s</source>
      <translation>{fps} frames/s</translation>
    </message>
    <message>
      <location filename="../../station/ui/call_panel.py" line="176" />
      <source>Qualité de l’appel : {level}</source>
      <translation>Call quality: {level}</translation>
    </message>
    <message>
      <location filename="../../station/ui/call_panel.py" line="180" />
      <source>⚠ Réseau trop faible pour la vidéo : elle est suspendue, le son et les mesures passent toujours. Elle reviendra d’elle-même.</source>
      <translation>⚠ The network is too weak for video: it is paused; sound and measurements still go through. It will come back by itself.</translation>
    </message>
    <message>
      <location filename="../../station/ui/call_panel.py" line="194" />
      <source>⚠ Pas de caméra sur ce poste : le médecin vous entend mais ne voit pas la pièce (l’otoscope, s’il est branché, passe toujours).</source>
      <translation>⚠ No camera on this station: the doctor hears you but does not see the room (the otoscope, if plugged in, still works).</translation>
    </message>
    <message>
      <location filename="../../station/ui/call_panel.py" line="199" />
      <source>⚠ Micro du poste indisponible : le médecin ne vous entend pas.</source>
      <translation>⚠ Station microphone unavailable: the doctor cannot hear you.</translation>
    </message>
    <message>
      <location filename="../../station/ui/call_panel.py" line="202" />
      <source>⚠ Haut-parleur du poste indisponible : vous n’entendez pas le médecin.</source>
      <translation>⚠ The station's loudspeaker is unavailable: you cannot hear the doctor.</translation>
    </message>
    <message>
      <location filename="../../station/ui/call_panel.py" line="205" />
      <source>🔊 Le médecin parle</source>
      <translation>🔊 The doctor is speaking</translation>
    </message>
    <message>
      <location filename="../../station/ui/call_panel.py" line="207" />
      <source>Son : micro et haut-parleur du poste actifs</source>
      <translation>Sound: the station's microphone and loudspeaker are on</translation>
    </message>
    <message>
      <location filename="../../station/ui/call_panel.py" line="215" />
      <source>◐ Liaison avec le médecin interrompue : reprise en cours…</source>
      <translation>◐ Link with the doctor interrupted: reconnecting…</translation>
    </message>
    <message>
      <location filename="../../station/ui/call_panel.py" line="218" />
      <source>◔ Le médecin arrive : connexion en cours…</source>
      <translation>◔ The doctor is joining: connecting…</translation>
    </message>
    <message>
      <location filename="../../station/ui/call_panel.py" line="223" />
      <source>identité vérifiée</source>
      <translation>identity verified</translation>
    </message>
    <message>
      <location filename="../../station/ui/call_panel.py" line="225" />
      <source>identité déclarée</source>
      <translation>identity declared</translation>
    </message>
    <message>
      <location filename="../../station/ui/call_panel.py" line="228" />
      <source>● {doctor} a rejoint la consultation ({how})</source>
      <translation>● {doctor} joined the consultation ({how})</translation>
    </message>
    <message>
      <location filename="../../station/ui/call_panel.py" line="233" />
      <source>● Médecin connecté</source>
      <translation>● Doctor connected</translation>
    </message>
    <message>
      <location filename="../../station/ui/call_panel.py" line="237" />
      <source>◌ En attente d’un médecin depuis {minutes} min (salle d’attente)</source>
      <translation>◌ Waiting for a doctor for {minutes} min (waiting room)</translation>
    </message>
    <message>
      <location filename="../../station/ui/call_panel.py" line="242" />
      <source>◌ En attente du médecin (transmettez-lui le lien)</source>
      <translation>◌ Waiting for the doctor (send them the link)</translation>
    </message>
    <message>
      <location filename="../../station/ui/call_panel.py" line="244" />
      <source>Appel non démarré</source>
      <translation>Call not started</translation>
    </message>
    <message>
      <location filename="../../station/ui/call_panel.py" line="268" />
      <source>mesure</source>
      <translation>measurement</translation>
    </message>
    <message>
      <location filename="../../station/ui/call_panel.py" line="268" />
      <source>mesures</source>
      <translation>measurements</translation>
    </message>
    <message>
      <location filename="../../station/ui/call_panel.py" line="269" />
      <source>photo</source>
      <translation>photo</translation>
    </message>
    <message>
      <location filename="../../station/ui/call_panel.py" line="269" />
      <source>photos</source>
      <translation>photos</translation>
    </message>
    <message>
      <location filename="../../station/ui/call_panel.py" line="270" />
      <source>réponse à ses demandes</source>
      <translation>reply to their requests</translation>
    </message>
    <message>
      <location filename="../../station/ui/call_panel.py" line="270" />
      <source>réponses à ses demandes</source>
      <translation>replies to their requests</translation>
    </message>
    <message>
      <location filename="../../station/ui/call_panel.py" line="281" />
      <source>✓ Le médecin a reçu : {items}</source>
      <translation>✓ The doctor has received: {items}</translation>
    </message>
    <message>
      <location filename="../../station/ui/call_panel.py" line="283" />
      <source>↻ En cours d’envoi au médecin : {items}</source>
      <translation>↻ On its way to the doctor: {items}</translation>
    </message>
    <message>
      <location filename="../../station/ui/call_panel.py" line="290" />
      <source>Conseils du médecin</source>
      <translation>Doctor's advice</translation>
    </message>
    <message>
      <location filename="../../station/ui/call_panel.py" line="291" />
      <source>Suite à donner</source>
      <translation>Next steps</translation>
    </message>
    <message>
      <location filename="../../station/ui/call_panel.py" line="292" />
      <source>Orientation</source>
      <translation>Referral</translation>
    </message>
    <message>
      <location filename="../../station/ui/call_panel.py" line="293" />
      <source>Observation du médecin</source>
      <translation>Doctor's observation</translation>
    </message>
    <message>
      <location filename="../../station/ui/call_panel.py" line="297" />
      <source>Note du médecin</source>
      <translation>Doctor's note</translation>
    </message>
  </context>
  <context>
    <name>ChecklistPanel</name>
    <message>
      <location filename="../../station/ui/checklist_panel.py" line="74" />
      <source>⚠ Téléconsultation arrêtée</source>
      <translation>⚠ Teleconsultation stopped</translation>
    </message>
    <message>
      <location filename="../../station/ui/checklist_panel.py" line="76" />
      <source>Orientation donnée : clore</source>
      <translation>Orientation given: close</translation>
    </message>
    <message>
      <location filename="../../station/ui/checklist_panel.py" line="104" />
      <source>Encore à faire : </source>
      <translation>Still to do: </translation>
    </message>
    <message>
      <location filename="../../station/ui/checklist_panel.py" line="132" />
      <source>Le patient refuse : la téléconsultation s’arrête et vous lui proposez une consultation en présentiel.</source>
      <translation>The patient declines: the teleconsultation stops and you offer an in-person visit.</translation>
    </message>
    <message>
      <location filename="../../station/ui/checklist_panel.py" line="205" />
      <source>fait</source>
      <translation>done</translation>
    </message>
    <message>
      <location filename="../../station/ui/checklist_panel.py" line="207" />
      <source>obligatoire</source>
      <translation>required</translation>
    </message>
    <message>
      <location filename="../../station/ui/checklist_panel.py" line="207" />
      <source>facultatif</source>
      <translation>optional</translation>
    </message>
    <message>
      <location filename="../../station/ui/checklist_panel.py" line="209" />
      <source>Demande du médecin — </source>
      <translation>Doctor's request — </translation>
    </message>
    <message>
      <location filename="../../station/ui/checklist_panel.py" line="218" />
      <source>Réponse : </source>
      <translation>Answer: </translation>
    </message>
    <message>
      <location filename="../../station/ui/checklist_panel.py" line="239" />
      <source>Pas possible ? Dites pourquoi au médecin</source>
      <translation>Not possible? Tell the doctor why</translation>
    </message>
    <message>
      <location filename="../../station/ui/checklist_panel.py" line="242" />
      <source>Pourquoi cette demande ne peut pas être faite</source>
      <translation>Why this request cannot be done</translation>
    </message>
    <message>
      <location filename="../../station/ui/checklist_panel.py" line="243" />
      <source>Signaler au médecin</source>
      <translation>Tell the doctor</translation>
    </message>
    <message>
      <location filename="../../station/ui/checklist_panel.py" line="261" />
      <source>⚠ Cette réponse arrête la téléconsultation : </source>
      <translation>⚠ This answer stops the teleconsultation: </translation>
    </message>
    <message>
      <location filename="../../station/ui/checklist_panel.py" line="267" />
      <source>Confirmer l’arrêt</source>
      <translation>Confirm the stop</translation>
    </message>
    <message>
      <location filename="../../station/ui/checklist_panel.py" line="270" />
      <source>Corriger la réponse</source>
      <translation>Correct the answer</translation>
    </message>
    <message>
      <location filename="../../station/ui/checklist_panel.py" line="292" />
      <source>Fait</source>
      <translation>Done</translation>
    </message>
    <message>
      <location filename="../../station/ui/checklist_panel.py" line="292" />
      <source>Lu</source>
      <translation>Read</translation>
    </message>
    <message>
      <location filename="../../station/ui/checklist_panel.py" line="299" />
      <source>Le patient accepte</source>
      <translation>The patient agrees</translation>
    </message>
    <message>
      <location filename="../../station/ui/checklist_panel.py" line="300" />
      <source>Le patient refuse</source>
      <translation>The patient refuses</translation>
    </message>
    <message>
      <location filename="../../station/ui/checklist_panel.py" line="350" />
      <source>Renvoyer la mesure déjà prise ({value})</source>
      <translation>Send the reading already taken ({value})</translation>
    </message>
    <message>
      <location filename="../../station/ui/checklist_panel.py" line="369" />
      <source>Voir les enregistrements</source>
      <translation>See the recordings</translation>
    </message>
    <message>
      <location filename="../../station/ui/checklist_panel.py" line="371" />
      <source>Ausculter : où poser le stéthoscope</source>
      <translation>Auscultate: where to place the stethoscope</translation>
    </message>
    <message>
      <location filename="../../station/ui/checklist_panel.py" line="423" />
      <source>Valider</source>
      <translation>Confirm</translation>
    </message>
    <message>
      <location filename="../../station/ui/checklist_panel.py" line="315" />
      <location filename="../../station/ui/checklist_panel.py" line="331" />
      <source>Enregistrer</source>
      <translation>Save</translation>
    </message>
    <message>
      <location filename="../../station/ui/checklist_panel.py" line="339" />
      <location filename="../../station/ui/checklist_panel.py" line="348" />
      <source>Reprendre la mesure</source>
      <translation>Measure again</translation>
    </message>
    <message>
      <location filename="../../station/ui/checklist_panel.py" line="339" />
      <source>Prendre la mesure</source>
      <translation>Take the measurement</translation>
    </message>
    <message>
      <location filename="../../station/ui/checklist_panel.py" line="342" />
      <source>Prendre la mesure : </source>
      <translation>Take the measurement: </translation>
    </message>
    <message>
      <location filename="../../station/ui/checklist_panel.py" line="359" />
      <source>Saisie manuelle</source>
      <translation>Enter by hand</translation>
    </message>
    <message>
      <location filename="../../station/ui/checklist_panel.py" line="360" />
      <source>Saisir la valeur à la main : </source>
      <translation>Enter the value by hand: </translation>
    </message>
    <message>
      <location filename="../../station/ui/checklist_panel.py" line="364" />
      <source>Prendre une photo à l’otoscope</source>
      <translation>Take an otoscope picture</translation>
    </message>
  </context>
  <context>
    <name>ClosingDecisions</name>
    <message>
      <location filename="../../station/ui/decisions_panel.py" line="112" />
      <source>Conseils du médecin : {text}</source>
      <translation>Doctor's advice: {text}</translation>
    </message>
    <message>
      <location filename="../../station/ui/decisions_panel.py" line="116" />
      <source>Orientation : {text}</source>
      <translation>Orientation: {text}</translation>
    </message>
    <message>
      <location filename="../../station/ui/decisions_panel.py" line="119" />
      <source>À remettre au patient : {kind}</source>
      <translation>To hand to the patient: {kind}</translation>
    </message>
  </context>
  <context>
    <name>ConsultationScreen</name>
    <message>
      <location filename="../../station/ui/consultation_screen.py" line="45" />
      <source>Patient : {name}, né(e) le {birth}</source>
      <translation>Patient: {name}, born {birth}</translation>
    </message>
    <message>
      <location filename="../../station/ui/consultation_screen.py" line="56" />
      <source>Interrompre (reprendre plus tard)</source>
      <translation>Interrupt (resume later)</translation>
    </message>
    <message>
      <location filename="../../station/ui/consultation_screen.py" line="61" />
      <source>Interrompre la consultation et revenir à l’accueil ; elle pourra être reprise</source>
      <translation>Interrupt the consultation and go back home; it can be resumed</translation>
    </message>
    <message>
      <location filename="../../station/ui/consultation_screen.py" line="113" />
      <source>Une opération a échoué ; tout ce qui a été saisi est conservé. Réessayez, ou saisissez la valeur à la main.</source>
      <translation>Something failed; everything entered is kept. Try again, or enter the value by hand.</translation>
    </message>
  </context>
  <context>
    <name>DecisionsPanel</name>
    <message>
      <location filename="../../station/ui/decisions_panel.py" line="33" />
      <source>Conclusion signée du médecin</source>
      <translation>The doctor's signed conclusion</translation>
    </message>
    <message>
      <location filename="../../station/ui/decisions_panel.py" line="55" />
      <source>le médecin</source>
      <translation>the doctor</translation>
    </message>
    <message>
      <location filename="../../station/ui/decisions_panel.py" line="56" />
      <source>Conclusion signée par {doctor}</source>
      <translation>Conclusion signed by {doctor}</translation>
    </message>
    <message>
      <location filename="../../station/ui/decisions_panel.py" line="58" />
      <source>Conseils : {text}</source>
      <translation>Advice: {text}</translation>
    </message>
    <message>
      <location filename="../../station/ui/decisions_panel.py" line="62" />
      <source>Orientation : {text}</source>
      <translation>Orientation: {text}</translation>
    </message>
    <message>
      <location filename="../../station/ui/decisions_panel.py" line="64" />
      <source>Suivi : {text}</source>
      <translation>Follow-up: {text}</translation>
    </message>
    <message>
      <location filename="../../station/ui/decisions_panel.py" line="74" />
      <source>Imprimer</source>
      <translation>Print</translation>
    </message>
    <message>
      <location filename="../../station/ui/decisions_panel.py" line="76" />
      <source>Imprimer : {kind}</source>
      <translation>Print: {kind}</translation>
    </message>
    <message>
      <location filename="../../station/ui/decisions_panel.py" line="84" />
      <source>Réimprimer</source>
      <translation>Print again</translation>
    </message>
    <message>
      <location filename="../../station/ui/decisions_panel.py" line="95" />
      <source>{kind} envoyé(e) à l’imprimante {name}.</source>
      <translation>{kind} sent to the printer {name}.</translation>
    </message>
    <message>
      <location filename="../../station/ui/decisions_panel.py" line="97" />
      <source>L’imprimante ne répond pas : vérifiez-la, puis recommencez.</source>
      <translation>The printer does not answer: check it, then try again.</translation>
    </message>
  </context>
  <context>
    <name>DeviceCard</name>
    <message>
      <location filename="../../station/ui/vitals_panel.py" line="27" />
      <location filename="../../station/ui/vitals_panel.py" line="69" />
      <source>Prendre la mesure</source>
      <translation>Take the measurement</translation>
    </message>
    <message>
      <location filename="../../station/ui/vitals_panel.py" line="29" />
      <source>Prendre la mesure : </source>
      <translation>Take the measurement: </translation>
    </message>
    <message>
      <location filename="../../station/ui/vitals_panel.py" line="45" />
      <source>✓ Le médecin a reçu cette mesure</source>
      <translation>✓ The doctor has received this measurement</translation>
    </message>
    <message>
      <location filename="../../station/ui/vitals_panel.py" line="47" />
      <source>↻ Envoi au médecin en cours…</source>
      <translation>↻ Sending to the doctor…</translation>
    </message>
    <message>
      <location filename="../../station/ui/vitals_panel.py" line="63" />
      <source>Pas encore de mesure</source>
      <translation>No measurement yet</translation>
    </message>
    <message>
      <location filename="../../station/ui/vitals_panel.py" line="67" />
      <source>Recommencer la mesure</source>
      <translation>Try the measurement again</translation>
    </message>
  </context>
  <context>
    <name>DevicePairing</name>
    <message>
      <location filename="../../station/ui/setup_screen.py" line="61" />
      <source>Modèle d’appareil (pilote)</source>
      <translation>Device model (driver)</translation>
    </message>
    <message>
      <location filename="../../station/ui/setup_screen.py" line="63" />
      <source>Port de l’appareil</source>
      <translation>Device port</translation>
    </message>
    <message>
      <location filename="../../station/ui/setup_screen.py" line="63" />
      <source>ex. COM3 ou /dev/ttyUSB0</source>
      <translation>e.g. COM3 or /dev/ttyUSB0</translation>
    </message>
    <message>
      <location filename="../../station/ui/setup_screen.py" line="68" />
      <source>Tester (une mesure)</source>
      <translation>Test (one reading)</translation>
    </message>
    <message>
      <location filename="../../station/ui/setup_screen.py" line="69" />
      <source>Enregistrer</source>
      <translation>Save</translation>
    </message>
    <message>
      <location filename="../../station/ui/setup_screen.py" line="91" />
      <source>Indiquez le port de l’appareil.</source>
      <translation>Enter the device's port.</translation>
    </message>
    <message>
      <location filename="../../station/ui/setup_screen.py" line="93" />
      <source>Mesure de test en cours : utilisez l’appareil…</source>
      <translation>Test reading under way: use the device…</translation>
    </message>
    <message>
      <location filename="../../station/ui/setup_screen.py" line="105" />
      <source>L’appareil répond : </source>
      <translation>The device answers: </translation>
    </message>
    <message>
      <location filename="../../station/ui/setup_screen.py" line="120" />
      <source>Appareil enregistré pour ce poste.</source>
      <translation>Device saved for this station.</translation>
    </message>
  </context>
  <context>
    <name>EnrollmentBox</name>
    <message>
      <location filename="../../station/ui/enrollment.py" line="22" />
      <source>Inscription au service de téléconsultation</source>
      <translation>Enrollment to the teleconsultation service</translation>
    </message>
    <message>
      <location filename="../../station/ui/enrollment.py" line="27" />
      <source>L’exploitant du parc vous donne l’adresse du service et un code à usage unique. Le poste en fait son propre identifiant, gardé dans le trousseau.</source>
      <translation>The fleet's operator gives you the service's address and a one-time code. The station turns it into its own credential, kept in the keyring.</translation>
    </message>
    <message>
      <location filename="../../station/ui/enrollment.py" line="35" />
      <location filename="../../station/ui/enrollment.py" line="41" />
      <source>Adresse du service</source>
      <translation>Service address</translation>
    </message>
    <message>
      <location filename="../../station/ui/enrollment.py" line="39" />
      <location filename="../../station/ui/enrollment.py" line="42" />
      <source>Code d’inscription</source>
      <translation>Enrollment code</translation>
    </message>
    <message>
      <location filename="../../station/ui/enrollment.py" line="39" />
      <source>12 caractères, à usage unique</source>
      <translation>12 characters, one use only</translation>
    </message>
    <message>
      <location filename="../../station/ui/enrollment.py" line="43" />
      <source>Inscrire le poste</source>
      <translation>Enroll the station</translation>
    </message>
    <message>
      <location filename="../../station/ui/enrollment.py" line="61" />
      <source>Poste inscrit au service : </source>
      <translation>Station enrolled to the service: </translation>
    </message>
    <message>
      <location filename="../../station/ui/enrollment.py" line="68" />
      <source>Indiquez l’adresse du service et le code d’inscription.</source>
      <translation>Enter the service's address and the enrollment code.</translation>
    </message>
    <message>
      <location filename="../../station/ui/enrollment.py" line="71" />
      <source>Inscription en cours…</source>
      <translation>Enrolling…</translation>
    </message>
    <message>
      <location filename="../../station/ui/enrollment.py" line="93" />
      <source>Poste inscrit : {name} ({organisation}). Les appels vidéo sont prêts.</source>
      <translation>Station enrolled: {name} ({organisation}). Video calls are ready.</translation>
    </message>
  </context>
  <context>
    <name>HomeScreen</name>
    <message>
      <location filename="../../station/ui/home.py" line="41" />
      <source>Consultation interrompue</source>
      <translation>Interrupted consultation</translation>
    </message>
    <message>
      <location filename="../../station/ui/home.py" line="47" />
      <location filename="../../station/ui/home.py" line="54" />
      <source>Nouvelle consultation</source>
      <translation>New consultation</translation>
    </message>
    <message>
      <location filename="../../station/ui/home.py" line="52" />
      <source>Parcours de consultation</source>
      <translation>Consultation pathway</translation>
    </message>
    <message>
      <location filename="../../station/ui/home.py" line="57" />
      <source>Parcours :</source>
      <translation>Pathway:</translation>
    </message>
    <message>
      <location filename="../../station/ui/home.py" line="62" />
      <source>Consultations terminées</source>
      <translation>Finished consultations</translation>
    </message>
    <message>
      <location filename="../../station/ui/home.py" line="66" />
      <source>Comptes rendus transmis au dossier de santé</source>
      <translation>Reports sent to the health record</translation>
    </message>
    <message>
      <location filename="../../station/ui/home.py" line="74" />
      <source>Réglages du poste</source>
      <translation>Station settings</translation>
    </message>
    <message>
      <location filename="../../station/ui/home.py" line="76" />
      <source>Se déconnecter</source>
      <translation>Sign out</translation>
    </message>
    <message>
      <location filename="../../station/ui/home.py" line="90" />
      <source>Pourquoi ? (ex. le patient est reparti)</source>
      <translation>Why? (e.g. the patient left)</translation>
    </message>
    <message>
      <location filename="../../station/ui/home.py" line="91" />
      <source>Raison de l’abandon</source>
      <translation>Reason for giving up</translation>
    </message>
    <message>
      <location filename="../../station/ui/home.py" line="93" />
      <source>Confirmer l’abandon</source>
      <translation>Confirm giving up</translation>
    </message>
    <message>
      <location filename="../../station/ui/home.py" line="128" />
      <source>Bonjour {name}</source>
      <translation>Hello {name}</translation>
    </message>
    <message>
      <location filename="../../station/ui/home.py" line="136" />
      <source>{patient} — commencée le {started}, arrêtée à l’étape : {state}</source>
      <translation>{patient} — started {started}, stopped at: {state}</translation>
    </message>
    <message>
      <location filename="../../station/ui/home.py" line="141" />
      <source>Reprendre</source>
      <translation>Resume</translation>
    </message>
    <message>
      <location filename="../../station/ui/home.py" line="144" />
      <source>Reprendre la consultation de {patient}</source>
      <translation>Resume the consultation of {patient}</translation>
    </message>
    <message>
      <location filename="../../station/ui/home.py" line="147" />
      <source>Abandonner…</source>
      <translation>Give up…</translation>
    </message>
    <message>
      <location filename="../../station/ui/home.py" line="150" />
      <source>Abandonner la consultation de {patient}</source>
      <translation>Give up {patient}'s consultation</translation>
    </message>
    <message>
      <location filename="../../station/ui/home.py" line="169" />
      <source>abandonnée</source>
      <translation>given up</translation>
    </message>
    <message>
      <location filename="../../station/ui/home.py" line="169" />
      <source>terminée</source>
      <translation>finished</translation>
    </message>
    <message>
      <location filename="../../station/ui/home.py" line="175" />
      <source>Revoir le compte rendu</source>
      <translation>See the report again</translation>
    </message>
    <message>
      <location filename="../../station/ui/home.py" line="179" />
      <source>Revoir ou imprimer le compte rendu de {patient}</source>
      <translation>See or print {patient}'s report</translation>
    </message>
    <message>
      <location filename="../../station/ui/home.py" line="198" />
      <source>Aucun envoi (serveur de santé, messagerie MSSanté) n’est configuré sur ce poste : les comptes rendus restent ici, en attente d’envoi.</source>
      <translation>No sending (health server, MSSanté messaging) is set up on this station: reports stay here, waiting to be sent.</translation>
    </message>
    <message>
      <location filename="../../station/ui/home.py" line="206" />
      <source>Aucun compte rendu pour l’instant.</source>
      <translation>No report yet.</translation>
    </message>
  </context>
  <context>
    <name>MainWindow</name>
    <message>
      <location filename="../../station/ui/main_window.py" line="41" />
      <source>Station — téléconsultation assistée</source>
      <translation>Station — assisted teleconsultation</translation>
    </message>
    <message>
      <location filename="../../station/ui/main_window.py" line="104" />
      <source>&amp;Affichage</source>
      <translation>&amp;View</translation>
    </message>
    <message>
      <location filename="../../station/ui/main_window.py" line="105" />
      <source>Grands caractères</source>
      <translation>Large type</translation>
    </message>
    <message>
      <location filename="../../station/ui/main_window.py" line="108" />
      <source>Contraste élevé</source>
      <translation>High contrast</translation>
    </message>
    <message>
      <location filename="../../station/ui/main_window.py" line="111" />
      <source>Plein écran (borne)</source>
      <translation>Full screen (kiosk)</translation>
    </message>
    <message>
      <location filename="../../station/ui/main_window.py" line="138" />
      <source>Consultation en cours</source>
      <translation>Consultation under way</translation>
    </message>
    <message>
      <location filename="../../station/ui/main_window.py" line="140" />
      <source>Une consultation est en cours. Fermer la fenêtre ? Tout ce qui a été saisi est gardé : la consultation pourra être reprise depuis l’accueil.</source>
      <translation>A consultation is under way. Close the window? Everything entered is kept: the consultation can be resumed from the home screen.</translation>
    </message>
    <message>
      <location filename="../../station/ui/main_window.py" line="146" />
      <source>Fermer la fenêtre</source>
      <translation>Close the window</translation>
    </message>
    <message>
      <location filename="../../station/ui/main_window.py" line="149" />
      <source>Continuer la consultation</source>
      <translation>Go on with the consultation</translation>
    </message>
    <message>
      <location filename="../../station/ui/main_window.py" line="197" />
      <source>Une erreur est survenue ; la consultation est conservée.</source>
      <translation>Something went wrong; the consultation is kept.</translation>
    </message>
    <message>
      <location filename="../../station/ui/main_window.py" line="228" />
      <source>Correction du compte rendu…</source>
      <translation>Correcting the report…</translation>
    </message>
    <message>
      <location filename="../../station/ui/main_window.py" line="248" />
      <source>Compte rendu corrigé (version {n}) : il remplace le précédent partout où il a été envoyé.</source>
      <translation>Report corrected (version {n}): it replaces the previous one wherever that was sent.</translation>
    </message>
    <message>
      <location filename="../../station/ui/main_window.py" line="271" />
      <source>Consultation reprise là où elle s’était arrêtée.</source>
      <translation>Consultation resumed where it stopped.</translation>
    </message>
    <message>
      <location filename="../../station/ui/main_window.py" line="277" />
      <source>Consultation interrompue : reprenez-la ou abandonnez-la depuis l’accueil.</source>
      <translation>Consultation interrupted: resume it or give it up from the home screen.</translation>
    </message>
    <message>
      <location filename="../../station/ui/main_window.py" line="288" />
      <source>Préparation du compte rendu…</source>
      <translation>Preparing the report…</translation>
    </message>
    <message>
      <location filename="../../station/ui/main_window.py" line="294" />
      <source>Compte rendu d’une consultation terminée.</source>
      <translation>Report of a finished consultation.</translation>
    </message>
    <message>
      <location filename="../../station/ui/main_window.py" line="357" />
      <source>Rédaction du compte rendu…</source>
      <translation>Writing the report…</translation>
    </message>
    <message>
      <location filename="../../station/ui/main_window.py" line="363" />
      <source>Compte rendu enregistré.</source>
      <translation>Report saved.</translation>
    </message>
    <message>
      <location filename="../../station/ui/main_window.py" line="309" />
      <source>Envoi, {where} : {state}.</source>
      <translation>Sending, {where}: {state}.</translation>
    </message>
    <message>
      <location filename="../../station/ui/main_window.py" line="314" />
      <source>Il attend sur ce poste : aucun envoi n’est réglé.</source>
      <translation>It waits on this station: no sending is set up.</translation>
    </message>
    <message>
      <location filename="../../station/ui/main_window.py" line="317" />
      <source>La messagerie sécurisée (MSSanté) n’est pas réglée sur ce poste : le compte rendu n’est pas envoyé au médecin traitant ; remettez-lui le PDF imprimé.</source>
      <translation>Secure messaging (MSSanté) is not set up on this station: the report is not sent to the regular doctor; give the patient the printed PDF for them.</translation>
    </message>
    <message>
      <location filename="../../station/ui/main_window.py" line="368" />
      <source>Acte à facturer : {code} ({words}), prescrit par {doctor} (RPPS {rpps}).</source>
      <translation>Act to bill: {code} ({words}), prescribed by {doctor} (RPPS {rpps}).</translation>
    </message>
    <message>
      <location filename="../../station/ui/main_window.py" line="377" />
      <source>Sans INS qualifiée : le compte rendu ne part pas vers l’espace santé du patient (DMP) ; il peut être adressé à son médecin traitant.</source>
      <translation>Without a qualified INS the report does not go to the patient's health space (DMP); it can be sent to their regular doctor.</translation>
    </message>
  </context>
  <context>
    <name>ManualEntryDialog</name>
    <message>
      <location filename="../../station/ui/manual_entry.py" line="30" />
      <source>Saisie manuelle : </source>
      <translation>Entered by hand: </translation>
    </message>
    <message>
      <location filename="../../station/ui/manual_entry.py" line="35" />
      <source>La valeur sera marquée « saisie manuelle » dans le dossier et pour le médecin. Utilisez l’appareil dès que possible.</source>
      <translation>The value will be marked “entered by hand” in the record and for the doctor. Use the device as soon as you can.</translation>
    </message>
    <message>
      <location filename="../../station/ui/manual_entry.py" line="45" />
      <source> (facultatif)</source>
      <translation> (optional)</translation>
    </message>
    <message>
      <location filename="../../station/ui/manual_entry.py" line="55" />
      <source>Enregistrer</source>
      <translation>Save</translation>
    </message>
    <message>
      <location filename="../../station/ui/manual_entry.py" line="57" />
      <source>Annuler</source>
      <translation>Cancel</translation>
    </message>
    <message>
      <location filename="../../station/ui/manual_entry.py" line="72" />
      <source>Indiquez un nombre, par exemple 37,5.</source>
      <translation>Enter a number, for example 37.5.</translation>
    </message>
  </context>
  <context>
    <name>MediaCheckBox</name>
    <message>
      <location filename="../../station/ui/media_check.py" line="24" />
      <source>Caméra et micro</source>
      <translation>Camera and microphone</translation>
    </message>
    <message>
      <location filename="../../station/ui/media_check.py" line="27" />
      <location filename="../../station/ui/media_check.py" line="37" />
      <source>Caméra</source>
      <translation>Camera</translation>
    </message>
    <message>
      <location filename="../../station/ui/media_check.py" line="27" />
      <source>ex. /dev/video0</source>
      <translation>e.g. /dev/video0</translation>
    </message>
    <message>
      <location filename="../../station/ui/media_check.py" line="28" />
      <source>Tester la caméra</source>
      <translation>Test the camera</translation>
    </message>
    <message>
      <location filename="../../station/ui/media_check.py" line="31" />
      <location filename="../../station/ui/media_check.py" line="38" />
      <source>Micro</source>
      <translation>Microphone</translation>
    </message>
    <message>
      <location filename="../../station/ui/media_check.py" line="31" />
      <source>ex. alsa:default</source>
      <translation>e.g. alsa:default</translation>
    </message>
    <message>
      <location filename="../../station/ui/media_check.py" line="33" />
      <source>Tester le micro</source>
      <translation>Test the microphone</translation>
    </message>
    <message>
      <location filename="../../station/ui/media_check.py" line="64" />
      <source>Vérification en cours…</source>
      <translation>Checking…</translation>
    </message>
    <message>
      <location filename="../../station/ui/media_check.py" line="73" />
      <source>Indiquez la caméra à tester.</source>
      <translation>Enter the camera to test.</translation>
    </message>
    <message>
      <location filename="../../station/ui/media_check.py" line="85" />
      <source>Caméra : image reçue ({width}×{height}), enregistrée.</source>
      <translation>Camera: image received ({width}×{height}), saved.</translation>
    </message>
    <message>
      <location filename="../../station/ui/media_check.py" line="96" />
      <source>Indiquez le micro à tester.</source>
      <translation>Enter the microphone to test.</translation>
    </message>
    <message>
      <location filename="../../station/ui/media_check.py" line="108" />
      <source>Micro : son reçu ({level} dB), enregistré.</source>
      <translation>Microphone: sound received ({level} dB), saved.</translation>
    </message>
  </context>
  <context>
    <name>PatientScreen</name>
    <message>
      <location filename="../../station/ui/patient.py" line="31" />
      <source>Identification du patient</source>
      <translation>Patient identification</translation>
    </message>
    <message>
      <location filename="../../station/ui/patient.py" line="35" />
      <source>Vérifiez l’identité sur une pièce d’identité ou la carte Vitale : nom de naissance, prénom(s) et date de naissance.</source>
      <translation>Check the identity on an ID document or the Vitale card: birth name, first name(s) and date of birth.</translation>
    </message>
    <message>
      <location filename="../../station/ui/patient.py" line="43" />
      <source>Nom de naissance</source>
      <translation>Birth name</translation>
    </message>
    <message>
      <location filename="../../station/ui/patient.py" line="45" />
      <source>Prénom(s)</source>
      <translation>First name(s)</translation>
    </message>
    <message>
      <location filename="../../station/ui/patient.py" line="49" />
      <source>jj/mm/aaaa</source>
      <translation>dd/mm/yyyy</translation>
    </message>
    <message>
      <location filename="../../station/ui/patient.py" line="53" />
      <source>Date de naissance</source>
      <translation>Date of birth</translation>
    </message>
    <message>
      <location filename="../../station/ui/patient.py" line="54" />
      <source>jour/mois/année, par exemple 02/07/1948</source>
      <translation>day/month/year, for example 02/07/1948</translation>
    </message>
    <message>
      <location filename="../../station/ui/patient.py" line="58" />
      <source>Non précisé</source>
      <translation>Not stated</translation>
    </message>
    <message>
      <location filename="../../station/ui/patient.py" line="59" />
      <source>Féminin</source>
      <translation>Female</translation>
    </message>
    <message>
      <location filename="../../station/ui/patient.py" line="60" />
      <source>Masculin</source>
      <translation>Male</translation>
    </message>
    <message>
      <location filename="../../station/ui/patient.py" line="63" />
      <source>Sexe</source>
      <translation>Sex</translation>
    </message>
    <message>
      <location filename="../../station/ui/patient.py" line="67" />
      <source>Matricule INS (facultatif)</source>
      <translation>INS number (optional)</translation>
    </message>
    <message>
      <location filename="../../station/ui/patient.py" line="68" />
      <source>13 ou 15 chiffres, si l’identité nationale de santé est connue</source>
      <translation>13 or 15 digits, if the national health identifier is known</translation>
    </message>
    <message>
      <location filename="../../station/ui/patient.py" line="74" />
      <source>Code INSEE du lieu de naissance (facultatif)</source>
      <translation>INSEE code of the birthplace (optional)</translation>
    </message>
    <message>
      <location filename="../../station/ui/patient.py" line="75" />
      <source>5 caractères, sur la carte Vitale ou l’attestation ; 99… pour l’étranger</source>
      <translation>5 characters, on the Vitale card or certificate; 99… for abroad</translation>
    </message>
    <message>
      <location filename="../../station/ui/patient.py" line="80" />
      <source>INS qualifiée dans le logiciel de la structure (téléservice INSi)</source>
      <translation>INS qualified in the organisation's software (INSi service)</translation>
    </message>
    <message>
      <location filename="../../station/ui/patient.py" line="85" />
      <source>INS qualifiée ailleurs</source>
      <translation>INS qualified elsewhere</translation>
    </message>
    <message>
      <location filename="../../station/ui/patient.py" line="87" />
      <source>Cochez seulement si le logiciel de la structure indique « INS qualifiée » (vérifiée par INSi, pièce d’identité vue)</source>
      <translation>Tick only if the organisation's software says "INS qualified" (checked with INSi, identity document seen)</translation>
    </message>
    <message>
      <location filename="../../station/ui/patient.py" line="92" />
      <source>nom du logiciel, par exemple le DPI</source>
      <translation>name of the software, for example the care record</translation>
    </message>
    <message>
      <location filename="../../station/ui/patient.py" line="94" />
      <source>Logiciel qui a qualifié l’INS</source>
      <translation>Software that qualified the INS</translation>
    </message>
    <message>
      <location filename="../../station/ui/patient.py" line="97" />
      <source>prenom.nom@medecin.mssante.fr</source>
      <translation>firstname.lastname@medecin.mssante.fr</translation>
    </message>
    <message>
      <location filename="../../station/ui/patient.py" line="100" />
      <source>Messagerie sécurisée du médecin traitant (facultatif)</source>
      <translation>Regular doctor's secure mailbox (optional)</translation>
    </message>
    <message>
      <location filename="../../station/ui/patient.py" line="101" />
      <source>son adresse MSSanté : le compte rendu lui sera envoyé</source>
      <translation>their MSSanté address: the report will be sent to them</translation>
    </message>
    <message>
      <location filename="../../station/ui/patient.py" line="103" />
      <source>&amp;Nom de naissance</source>
      <translation>&amp;Birth name</translation>
    </message>
    <message>
      <location filename="../../station/ui/patient.py" line="104" />
      <source>&amp;Prénom(s)</source>
      <translation>&amp;First name(s)</translation>
    </message>
    <message>
      <location filename="../../station/ui/patient.py" line="105" />
      <source>&amp;Date de naissance</source>
      <translation>&amp;Date of birth</translation>
    </message>
    <message>
      <location filename="../../station/ui/patient.py" line="106" />
      <source>&amp;Sexe</source>
      <translation>&amp;Sex</translation>
    </message>
    <message>
      <location filename="../../station/ui/patient.py" line="107" />
      <source>&amp;INS (facultatif)</source>
      <translation>&amp;INS (optional)</translation>
    </message>
    <message>
      <location filename="../../station/ui/patient.py" line="108" />
      <source>&amp;Lieu de naissance, code INSEE (facultatif)</source>
      <translation>&amp;Birthplace, INSEE code (optional)</translation>
    </message>
    <message>
      <location filename="../../station/ui/patient.py" line="110" />
      <source>INS qualifiée &amp;dans</source>
      <translation>INS qualified &amp;in</translation>
    </message>
    <message>
      <location filename="../../station/ui/patient.py" line="111" />
      <source>&amp;Médecin traitant (MSSanté, facultatif)</source>
      <translation>&amp;Regular doctor (MSSanté, optional)</translation>
    </message>
    <message>
      <location filename="../../station/ui/patient.py" line="116" />
      <source>Retour</source>
      <translation>Back</translation>
    </message>
    <message>
      <location filename="../../station/ui/patient.py" line="118" />
      <location filename="../../station/ui/patient.py" line="144" />
      <source>Identité vérifiée : commencer</source>
      <translation>Identity checked: start</translation>
    </message>
    <message>
      <location filename="../../station/ui/patient.py" line="165" />
      <source>Enregistrer la correction</source>
      <translation>Save the correction</translation>
    </message>
    <message>
      <location filename="../../station/ui/patient.py" line="177" />
      <source>Indiquez dans quel logiciel l’INS a été qualifiée, ou décochez la case.</source>
      <translation>Say in which software the INS was qualified, or untick the box.</translation>
    </message>
  </context>
  <context>
    <name>ReportScreen</name>
    <message>
      <location filename="../../station/ui/report_screen.py" line="35" />
      <source>Compte rendu de la consultation</source>
      <translation>Consultation report</translation>
    </message>
    <message>
      <location filename="../../station/ui/report_screen.py" line="40" />
      <source>Aperçu du compte rendu</source>
      <translation>Report preview</translation>
    </message>
    <message>
      <location filename="../../station/ui/report_screen.py" line="43" />
      <source>Enregistrer le PDF…</source>
      <translation>Save the PDF…</translation>
    </message>
    <message>
      <location filename="../../station/ui/report_screen.py" line="45" />
      <source>Imprimer…</source>
      <translation>Print…</translation>
    </message>
    <message>
      <location filename="../../station/ui/report_screen.py" line="47" />
      <source>Terminer</source>
      <translation>Finish</translation>
    </message>
    <message>
      <location filename="../../station/ui/report_screen.py" line="50" />
      <source>Corriger l’identité…</source>
      <translation>Correct the identity…</translation>
    </message>
    <message>
      <location filename="../../station/ui/report_screen.py" line="53" />
      <source>Corriger l’identité du patient</source>
      <translation>Correct the patient's identity</translation>
    </message>
    <message>
      <location filename="../../station/ui/report_screen.py" line="54" />
      <source>le compte rendu corrigé remplace celui-ci partout où il a été envoyé</source>
      <translation>the corrected report replaces this one wherever it was sent</translation>
    </message>
    <message>
      <location filename="../../station/ui/report_screen.py" line="77" />
      <source>Page {n} du compte rendu</source>
      <translation>Report page {n}</translation>
    </message>
    <message>
      <location filename="../../station/ui/report_screen.py" line="91" />
      <source>Enregistrer le compte rendu</source>
      <translation>Save the report</translation>
    </message>
    <message>
      <location filename="../../station/ui/report_screen.py" line="110" />
      <source>Compte rendu enregistré : {path}</source>
      <translation>Report saved: {path}</translation>
    </message>
    <message>
      <location filename="../../station/ui/report_screen.py" line="126" />
      <source>L’imprimante ne répond pas : vérifiez-la, puis recommencez.</source>
      <translation>The printer does not answer: check it, then try again.</translation>
    </message>
    <message>
      <location filename="../../station/ui/report_screen.py" line="130" />
      <source>Compte rendu envoyé à l’imprimante {name}.</source>
      <translation>Report sent to the printer {name}.</translation>
    </message>
  </context>
  <context>
    <name>SetupScreen</name>
    <message>
      <location filename="../../station/ui/setup_screen.py" line="131" />
      <source>Réglages du poste</source>
      <translation>Station settings</translation>
    </message>
    <message>
      <location filename="../../station/ui/setup_screen.py" line="145" />
      <source>Le poste</source>
      <translation>The station</translation>
    </message>
    <message>
      <location filename="../../station/ui/setup_screen.py" line="149" />
      <source>Nom du lieu</source>
      <translation>Place name</translation>
    </message>
    <message>
      <location filename="../../station/ui/setup_screen.py" line="150" />
      <source>Adresse</source>
      <translation>Address</translation>
    </message>
    <message>
      <location filename="../../station/ui/setup_screen.py" line="151" />
      <source>Exploitant</source>
      <translation>Operator</translation>
    </message>
    <message>
      <location filename="../../station/ui/setup_screen.py" line="152" />
      <source>Référence de déclaration à l’ARS</source>
      <translation>ARS declaration reference</translation>
    </message>
    <message>
      <location filename="../../station/ui/setup_screen.py" line="153" />
      <source>FINESS (ou SIRET) de la structure</source>
      <translation>The structure's FINESS (or SIRET)</translation>
    </message>
    <message>
      <location filename="../../station/ui/setup_screen.py" line="161" />
      <source>— à choisir —</source>
      <translation>— choose —</translation>
    </message>
    <message>
      <location filename="../../station/ui/setup_screen.py" line="164" />
      <location filename="../../station/ui/setup_screen.py" line="165" />
      <source>Type de lieu</source>
      <translation>Kind of place</translation>
    </message>
    <message>
      <location filename="../../station/ui/setup_screen.py" line="173" />
      <source>Appareils médicaux</source>
      <translation>Medical devices</translation>
    </message>
    <message>
      <location filename="../../station/ui/setup_screen.py" line="177" />
      <source>Chaque appareil est testé par une vraie mesure avant d’être enregistré.</source>
      <translation>Each device is tested with a real reading before it is saved.</translation>
    </message>
    <message>
      <location filename="../../station/ui/setup_screen.py" line="192" />
      <source>Retour</source>
      <translation>Back</translation>
    </message>
    <message>
      <location filename="../../station/ui/setup_screen.py" line="194" />
      <source>Enregistrer le poste</source>
      <translation>Save the station</translation>
    </message>
    <message>
      <location filename="../../station/ui/setup_screen.py" line="219" />
      <source>Indiquez au moins le nom du lieu et son adresse.</source>
      <translation>Enter at least the place name and its address.</translation>
    </message>
    <message>
      <location filename="../../station/ui/setup_screen.py" line="232" />
      <source>Réglages enregistrés.</source>
      <translation>Settings saved.</translation>
    </message>
  </context>
  <context>
    <name>SignInScreen</name>
    <message>
      <location filename="../../station/ui/signin.py" line="33" />
      <source>Bienvenue au poste de téléconsultation</source>
      <translation>Welcome to the teleconsultation station</translation>
    </message>
    <message>
      <location filename="../../station/ui/signin.py" line="34" />
      <source>Identifiez-vous pour commencer.</source>
      <translation>Sign in to begin.</translation>
    </message>
    <message>
      <location filename="../../station/ui/signin.py" line="37" />
      <source>Prénom et nom</source>
      <translation>First and last name</translation>
    </message>
    <message>
      <location filename="../../station/ui/signin.py" line="41" />
      <source>Profession</source>
      <translation>Profession</translation>
    </message>
    <message>
      <location filename="../../station/ui/signin.py" line="47" />
      <source>Numéro RPPS</source>
      <translation>RPPS number</translation>
    </message>
    <message>
      <location filename="../../station/ui/signin.py" line="48" />
      <source>11 chiffres, sur votre carte CPS ou e-CPS</source>
      <translation>11 digits, on your CPS or e-CPS card</translation>
    </message>
    <message>
      <location filename="../../station/ui/signin.py" line="50" />
      <source>&amp;Prénom et nom</source>
      <translation>First and last &amp;name</translation>
    </message>
    <message>
      <location filename="../../station/ui/signin.py" line="51" />
      <source>P&amp;rofession</source>
      <translation>P&amp;rofession</translation>
    </message>
    <message>
      <location filename="../../station/ui/signin.py" line="52" />
      <source>Numéro &amp;RPPS</source>
      <translation>&amp;RPPS number</translation>
    </message>
    <message>
      <location filename="../../station/ui/signin.py" line="60" />
      <source>Se connecter</source>
      <translation>Sign in</translation>
    </message>
    <message>
      <location filename="../../station/ui/signin.py" line="67" />
      <source>Démarrage du poste (dossier, appareils, appel)…</source>
      <translation>Starting the station (record, devices, call)…</translation>
    </message>
    <message>
      <location filename="../../station/ui/signin.py" line="79" />
      <source>Attention : </source>
      <translation>Warning: </translation>
    </message>
    <message>
      <location filename="../../station/ui/signin.py" line="81" />
      <source>Trousseau sécurisé du poste : disponible.</source>
      <translation>Station's secure keyring: available.</translation>
    </message>
    <message>
      <location filename="../../station/ui/signin.py" line="84" />
      <source>✓ enregistré</source>
      <translation>✓ stored</translation>
    </message>
    <message>
      <location filename="../../station/ui/signin.py" line="84" />
      <source>✗ absent : à demander au support</source>
      <translation>✗ missing: ask support</translation>
    </message>
  </context>
  <context>
    <name>StethoscopePairing</name>
    <message>
      <location filename="../../station/ui/stethoscope_pairing.py" line="36" />
      <source>Branchez le stéthoscope, cherchez les entrées audio, choisissez la sienne, puis posez la membrane sur votre poignet pour le test.</source>
      <translation>Plug in the stethoscope, look for the audio inputs, choose its own, then place the diaphragm on your wrist for the test.</translation>
    </message>
    <message>
      <location filename="../../station/ui/stethoscope_pairing.py" line="45" />
      <source>Entrée audio du stéthoscope</source>
      <translation>Stethoscope's audio input</translation>
    </message>
    <message>
      <location filename="../../station/ui/stethoscope_pairing.py" line="50" />
      <source>Chercher les entrées audio</source>
      <translation>Look for audio inputs</translation>
    </message>
    <message>
      <location filename="../../station/ui/stethoscope_pairing.py" line="53" />
      <source>Tester (3 s d’écoute)</source>
      <translation>Test (3 s of listening)</translation>
    </message>
    <message>
      <location filename="../../station/ui/stethoscope_pairing.py" line="55" />
      <source>Enregistrer</source>
      <translation>Save</translation>
    </message>
    <message>
      <location filename="../../station/ui/stethoscope_pairing.py" line="81" />
      <source>Recherche des entrées audio…</source>
      <translation>Looking for audio inputs…</translation>
    </message>
    <message>
      <location filename="../../station/ui/stethoscope_pairing.py" line="89" />
      <source>Le son de ce poste est indisponible (PortAudio).</source>
      <translation>Sound is unavailable on this station (PortAudio).</translation>
    </message>
    <message>
      <location filename="../../station/ui/stethoscope_pairing.py" line="104" />
      <source>%n entrée(s) audio trouvée(s) : choisissez celle du stéthoscope.</source>
      <translation>%n audio input(s) found: choose the stethoscope's.</translation>
    </message>
    <message>
      <location filename="../../station/ui/stethoscope_pairing.py" line="107" />
      <source>Aucune entrée audio : branchez le stéthoscope.</source>
      <translation>No audio input: plug in the stethoscope.</translation>
    </message>
    <message>
      <location filename="../../station/ui/stethoscope_pairing.py" line="112" />
      <source>Choisissez l’entrée audio du stéthoscope.</source>
      <translation>Choose the stethoscope's audio input.</translation>
    </message>
    <message>
      <location filename="../../station/ui/stethoscope_pairing.py" line="114" />
      <source>Écoute de test : posez la membrane sur votre poignet…</source>
      <translation>Test listening: place the diaphragm on your wrist…</translation>
    </message>
    <message>
      <location filename="../../station/ui/stethoscope_pairing.py" line="127" />
      <source>Le stéthoscope répond : niveau %1 dBFS, %2 kHz.</source>
      <translation>The stethoscope responds: level %1 dBFS, %2 kHz.</translation>
    </message>
    <message>
      <location filename="../../station/ui/stethoscope_pairing.py" line="145" />
      <source>Stéthoscope enregistré pour ce poste.</source>
      <translation>Stethoscope saved for this station.</translation>
    </message>
  </context>
  <context>
    <name>VitalsPanel</name>
    <message>
      <location filename="../../station/ui/vitals_panel.py" line="80" />
      <source>Constantes</source>
      <translation>Vital signs</translation>
    </message>
  </context>
  <context>
    <name>Words</name>
    <message>
      <source>Compte rendu</source>
      <translation>Report</translation>
    </message>
    <message>
      <source>Demande du médecin</source>
      <translation>Doctor's request</translation>
    </message>
    <message>
      <source>oui</source>
      <translation>yes</translation>
    </message>
    <message>
      <source>non</source>
      <translation>no</translation>
    </message>
    <message>
      <source>fait</source>
      <translation>done</translation>
    </message>
    <message>
      <source>(saisie manuelle)</source>
      <translation>(entered by hand)</translation>
    </message>
    <message>
      <source>La dernière mesure en mémoire date d’avant cette consultation (celle du patient précédent ?) : elle n’est pas retenue. Prenez la mesure sur ce patient, puis recommencez. Si l’heure de l’appareil est fausse, réglez-la.</source>
      <translation>The last reading in the device's memory is older than this consultation (the previous patient's?): it is not kept. Take the measurement on this patient, then try again. If the device's clock is wrong, set it.</translation>
    </message>
    <message>
      <source>débranché : rebranchez le câble (ou le récepteur USB) de l’appareil.</source>
      <translation>unplugged: plug the device's cable (or USB receiver) back in.</translation>
    </message>
    <message>
      <source>Aucune caméra configurée ni détectée : les appels se font sans image de la pièce (voix, mesures et otoscope passent). Branchez la caméra, puis redémarrez le poste.</source>
      <translation>No camera configured or detected: calls go on without the room's image (voice, measurements and the otoscope still work). Plug the camera in, then restart the station.</translation>
    </message>
    <message>
      <source>Poste non inscrit au service de téléconsultation : les appels vidéo attendent son inscription (« station enroll ADRESSE CODE », code donné par l’exploitant).</source>
      <translation>Station not enrolled to the teleconsultation service: video calls wait for its enrollment ("station enroll ADDRESS CODE", with the code from the operator).</translation>
    </message>
    <message>
      <source>Retour à domicile</source>
      <translation>Home</translation>
    </message>
    <message>
      <source>Revoir son médecin traitant</source>
      <translation>See their regular doctor again</translation>
    </message>
    <message>
      <source>Avis d’un spécialiste</source>
      <translation>A specialist's opinion</translation>
    </message>
    <message>
      <source>Urgences : appeler le 15 ou aller aux urgences</source>
      <translation>Emergency: call 15 or go to the emergency department</translation>
    </message>
    <message>
      <source>Ordonnance</source>
      <translation>Prescription</translation>
    </message>
    <message>
      <source>Fiche de conseils</source>
      <translation>Advice sheet</translation>
    </message>
    <message>
      <source> sous {days} jour(s)</source>
      <translation> within {days} day(s)</translation>
    </message>
    <message>
      <source>Téléconsultation par un médecin généraliste</source>
      <translation>Teleconsultation by a general practitioner</translation>
    </message>
    <message>
      <source>Téléconsultation par un médecin spécialiste</source>
      <translation>Teleconsultation by a specialist</translation>
    </message>
    <message>
      <source>Accompagnement d’une téléconsultation par le pharmacien</source>
      <translation>The pharmacist's assistance with a teleconsultation</translation>
    </message>
    <message>
      <source>Accompagnement d’une téléconsultation dans un lieu dédié</source>
      <translation>Assistance with a teleconsultation in a dedicated place</translation>
    </message>
    <message>
      <source>Accompagnement d’une téléconsultation au domicile du patient</source>
      <translation>Assistance with a teleconsultation at the patient's home</translation>
    </message>
    <message>
      <source>Accompagnement d’une téléconsultation lors d’un soin</source>
      <translation>Assistance with a teleconsultation during a care visit</translation>
    </message>
    <message>
      <source>Pharmacie d’officine</source>
      <translation>Community pharmacy</translation>
    </message>
    <message>
      <source>Cabine ou lieu dédié à la téléconsultation</source>
      <translation>Cabin or place dedicated to teleconsultation</translation>
    </message>
    <message>
      <source>Centre ou maison de santé</source>
      <translation>Health centre</translation>
    </message>
    <message>
      <source>EHPAD (soins programmés)</source>
      <translation>Nursing home (planned care)</translation>
    </message>
    <message>
      <source>Au domicile du patient (infirmier à domicile)</source>
      <translation>At the patient's home (home nursing)</translation>
    </message>
    <message>
      <source>serveur de santé</source>
      <translation>health server</translation>
    </message>
    <message>
      <source>médecin traitant (MSSanté)</source>
      <translation>regular doctor (MSSanté)</translation>
    </message>
    <message>
      <source>Mon Espace Santé du patient (MSSanté)</source>
      <translation>the patient's Mon Espace Santé (MSSanté)</translation>
    </message>
    <message>
      <source>Foyer aortique</source>
      <translation>Aortic area</translation>
    </message>
    <message>
      <source>Foyer pulmonaire</source>
      <translation>Pulmonary area</translation>
    </message>
    <message>
      <source>Foyer tricuspide</source>
      <translation>Tricuspid area</translation>
    </message>
    <message>
      <source>Foyer mitral</source>
      <translation>Mitral area</translation>
    </message>
    <message>
      <source>Poumon droit, haut, devant</source>
      <translation>Right lung, upper, front</translation>
    </message>
    <message>
      <source>Poumon gauche, haut, devant</source>
      <translation>Left lung, upper, front</translation>
    </message>
    <message>
      <source>Poumon droit, bas, devant</source>
      <translation>Right lung, lower, front</translation>
    </message>
    <message>
      <source>Poumon gauche, bas, devant</source>
      <translation>Left lung, lower, front</translation>
    </message>
    <message>
      <source>Poumon droit, haut, dos</source>
      <translation>Right lung, upper, back</translation>
    </message>
    <message>
      <source>Poumon gauche, haut, dos</source>
      <translation>Left lung, upper, back</translation>
    </message>
    <message>
      <source>Poumon droit, bas, dos</source>
      <translation>Right lung, lower, back</translation>
    </message>
    <message>
      <source>Poumon gauche, bas, dos</source>
      <translation>Left lung, lower, back</translation>
    </message>
    <message>
      <source>2e espace entre les côtes, à droite du sternum</source>
      <translation>2nd space between the ribs, right of the breastbone</translation>
    </message>
    <message>
      <source>2e espace entre les côtes, à gauche du sternum</source>
      <translation>2nd space between the ribs, left of the breastbone</translation>
    </message>
    <message>
      <source>bas du sternum, côté gauche (4e–5e espace)</source>
      <translation>lower breastbone, left side (4th–5th space)</translation>
    </message>
    <message>
      <source>sous le sein gauche, à la pointe du cœur (5e espace)</source>
      <translation>under the left breast, at the apex of the heart (5th space)</translation>
    </message>
    <message>
      <source>sous la clavicule droite</source>
      <translation>under the right collarbone</translation>
    </message>
    <message>
      <source>sous la clavicule gauche</source>
      <translation>under the left collarbone</translation>
    </message>
    <message>
      <source>sur le côté droit, sous le sein</source>
      <translation>on the right side, under the breast</translation>
    </message>
    <message>
      <source>sur le côté gauche, sous le sein</source>
      <translation>on the left side, under the breast</translation>
    </message>
    <message>
      <source>entre l’omoplate droite et la colonne</source>
      <translation>between the right shoulder blade and the spine</translation>
    </message>
    <message>
      <source>entre l’omoplate gauche et la colonne</source>
      <translation>between the left shoulder blade and the spine</translation>
    </message>
    <message>
      <source>sous l’omoplate droite</source>
      <translation>under the right shoulder blade</translation>
    </message>
    <message>
      <source>sous l’omoplate gauche</source>
      <translation>under the left shoulder blade</translation>
    </message>
    <message>
      <source>Systolique (mmHg)</source>
      <translation>Systolic (mmHg)</translation>
    </message>
    <message>
      <source>Diastolique (mmHg)</source>
      <translation>Diastolic (mmHg)</translation>
    </message>
    <message>
      <source>Pouls (/min)</source>
      <translation>Pulse (/min)</translation>
    </message>
    <message>
      <source>Température (°C)</source>
      <translation>Temperature (°C)</translation>
    </message>
    <message>
      <source>SpO2 (%)</source>
      <translation>SpO2 (%)</translation>
    </message>
    <message>
      <source>Poids (kg)</source>
      <translation>Weight (kg)</translation>
    </message>
    <message>
      <source>Brassard au bras, patient assis, au calme ; l’appareil gonfle.</source>
      <translation>Cuff on the arm, patient seated and calm; the device inflates.</translation>
    </message>
    <message>
      <source>Sonde sous la langue ou dans l’oreille jusqu’au signal.</source>
      <translation>Probe under the tongue or in the ear until the signal.</translation>
    </message>
    <message>
      <source>Pince au bout du doigt, main immobile.</source>
      <translation>Clip on the fingertip, hand still.</translation>
    </message>
    <message>
      <source>Le patient monte sur la balance et reste immobile.</source>
      <translation>The patient steps on the scale and stays still.</translation>
    </message>
    <message>
      <source>systolique</source>
      <translation>systolic</translation>
    </message>
    <message>
      <source>diastolique</source>
      <translation>diastolic</translation>
    </message>
    <message>
      <source>moyenne</source>
      <translation>fair</translation>
    </message>
    <message>
      <source>pouls</source>
      <translation>pulse</translation>
    </message>
    <message>
      <source>température</source>
      <translation>temperature</translation>
    </message>
    <message>
      <source>SpO2</source>
      <translation>SpO2</translation>
    </message>
    <message>
      <source>poids</source>
      <translation>weight</translation>
    </message>
    <message>
      <source>taille</source>
      <translation>height</translation>
    </message>
    <message>
      <source>IMC</source>
      <translation>BMI</translation>
    </message>
    <message>
      <source>valeur impossible : refaire la mesure</source>
      <translation>impossible value: measure again</translation>
    </message>
    <message>
      <source>hors de la plage de l’appareil</source>
      <translation>outside the device's range</translation>
    </message>
    <message>
      <source>rythme cardiaque irrégulier</source>
      <translation>irregular heartbeat</translation>
    </message>
    <message>
      <source>mouvement pendant la mesure</source>
      <translation>movement during the measurement</translation>
    </message>
    <message>
      <source>brassard mal serré</source>
      <translation>cuff too loose</translation>
    </message>
    <message>
      <source>position incorrecte</source>
      <translation>wrong position</translation>
    </message>
    <message>
      <source>saisie manuelle</source>
      <translation>entered by hand</translation>
    </message>
    <message>
      <source>mode prédictif</source>
      <translation>predictive mode</translation>
    </message>
    <message>
      <source>signal faible</source>
      <translation>weak signal</translation>
    </message>
    <message>
      <source>artefact de mesure</source>
      <translation>measurement artefact</translation>
    </message>
    <message>
      <source>recherche du signal</source>
      <translation>searching for the signal</translation>
    </message>
    <message>
      <source>pile faible</source>
      <translation>low battery</translation>
    </message>
    <message>
      <source>lue dans la mémoire de l’appareil</source>
      <translation>read from the device's memory</translation>
    </message>
    <message>
      <source>L’appareil a envoyé une valeur impossible à lire : recommencez la mesure.</source>
      <translation>The device sent a value that cannot be read: take the measurement again.</translation>
    </message>
    <message>
      <source>Enregistrement du tensiomètre illisible (en-tête inattendu).</source>
      <translation>Unreadable blood-pressure record (unexpected header).</translation>
    </message>
    <message>
      <source>Date illisible dans l’enregistrement du tensiomètre.</source>
      <translation>Unreadable date in the blood-pressure record.</translation>
    </message>
    <message>
      <source>Le tensiomètre ne répond pas : allumez-le, appuyez sur MEM, puis recommencez.</source>
      <translation>The blood-pressure monitor does not answer: switch it on, press MEM, then try again.</translation>
    </message>
    <message>
      <source>Le tensiomètre n’a aucune mesure en mémoire : prenez la tension, puis recommencez.</source>
      <translation>The blood-pressure monitor has no reading in memory: take the blood pressure, then try again.</translation>
    </message>
    <message>
      <source>Le tensiomètre n’a renvoyé aucune mesure lisible.</source>
      <translation>The blood-pressure monitor returned no readable measurement.</translation>
    </message>
    <message>
      <source>La balance n’a pas donné de poids (mesure ratée).</source>
      <translation>The scale gave no weight (failed weighing).</translation>
    </message>
    <message>
      <source>L’appareil a rencontré une erreur.</source>
      <translation>The device ran into an error.</translation>
    </message>
    <message>
      <source>Appareil introuvable : vérifiez qu’il est branché et allumé.</source>
      <translation>Device not found: check that it is plugged in and switched on.</translation>
    </message>
    <message>
      <source>L’appareil a été débranché ou la liaison a été coupée. Rebranchez-le puis recommencez la mesure.</source>
      <translation>The device was unplugged or the link was cut. Plug it back in, then measure again.</translation>
    </message>
    <message>
      <source>L’appareil ne répond pas. Vérifiez qu’il est allumé et prêt, puis recommencez.</source>
      <translation>The device does not answer. Check that it is on and ready, then try again.</translation>
    </message>
    <message>
      <source>La liaison avec l’appareil est perturbée (données illisibles). Recommencez la mesure ; si cela se reproduit, vérifiez le câble.</source>
      <translation>The link with the device is disturbed (unreadable data). Measure again; if it happens again, check the cable.</translation>
    </message>
    <message>
      <source>L’appareil n’a pas pu prendre la mesure. Recommencez.</source>
      <translation>The device could not take the measurement. Try again.</translation>
    </message>
    <message>
      <source>Le pilote de cet appareil n’est pas disponible sur ce poste.</source>
      <translation>This device's driver is not available on this station.</translation>
    </message>
    <message>
      <source>Message 11073 trop court.</source>
      <translation>11073 message too short.</translation>
    </message>
    <message>
      <source>Horodatage 11073 illisible.</source>
      <translation>Unreadable 11073 time stamp.</translation>
    </message>
    <message>
      <source>Horodatage 11073 de taille inattendue.</source>
      <translation>11073 time stamp of unexpected size.</translation>
    </message>
    <message>
      <source>Ce message 11073 n’est pas un message de données (PrstApdu).</source>
      <translation>This 11073 message is not a data message (PrstApdu).</translation>
    </message>
    <message>
      <source>Message 11073 de longueur incohérente.</source>
      <translation>11073 message with an inconsistent length.</translation>
    </message>
    <message>
      <source>Message 11073 inattendu (pas un rapport d’événement).</source>
      <translation>Unexpected 11073 message (not an event report).</translation>
    </message>
    <message>
      <source>Rapport 11073 d’un format non pris en charge.</source>
      <translation>11073 report in an unsupported format.</translation>
    </message>
    <message>
      <source>Le rapport 11073 ne contient pas de tension.</source>
      <translation>The 11073 report holds no blood pressure.</translation>
    </message>
    <message>
      <source>Le tensiomètre n’a pas donné de valeur.</source>
      <translation>The blood-pressure monitor gave no value.</translation>
    </message>
    <message>
      <source>Horodatage 11073 impossible.</source>
      <translation>Impossible 11073 time stamp.</translation>
    </message>
    <message>
      <source>Observation 11073 tronquée.</source>
      <translation>Truncated 11073 observation.</translation>
    </message>
    <message>
      <source>Mesure de tension 11073 mal formée.</source>
      <translation>Malformed 11073 blood-pressure measurement.</translation>
    </message>
    <message>
      <source>Mesure de pouls 11073 mal formée.</source>
      <translation>Malformed 11073 pulse measurement.</translation>
    </message>
    <message>
      <source>La pesée ne contient pas de poids.</source>
      <translation>The weighing holds no weight.</translation>
    </message>
    <message>
      <source>Pesée illisible (caractères inattendus).</source>
      <translation>Unreadable weighing (unexpected characters).</translation>
    </message>
    <message>
      <source>Pesée mal formée (fin de ligne attendue).</source>
      <translation>Malformed weighing (end of line expected).</translation>
    </message>
    <message>
      <source>Pesée mal formée (ligne inattendue).</source>
      <translation>Malformed weighing (unexpected line).</translation>
    </message>
    <message>
      <source>Date illisible dans la pesée.</source>
      <translation>Unreadable date in the weighing.</translation>
    </message>
    <message>
      <source>L’oxymètre ne répond pas : vérifiez qu’il est branché, puis recommencez.</source>
      <translation>The oximeter does not answer: check that it is plugged in, then try again.</translation>
    </message>
    <message>
      <source>L’oxymètre refuse le format de données demandé.</source>
      <translation>The oximeter refuses the requested data format.</translation>
    </message>
    <message>
      <source>L’oxymètre n’envoie plus de données : vérifiez qu’il est allumé et branché.</source>
      <translation>The oximeter no longer sends data: check that it is on and plugged in.</translation>
    </message>
    <message>
      <source>Le capteur de l’oxymètre signale un défaut : vérifiez le capteur et son câble, puis recommencez.</source>
      <translation>The oximeter's sensor reports a fault: check the sensor and its cable, then try again.</translation>
    </message>
    <message>
      <source>Aucun doigt détecté dans l’oxymètre : placez le capteur sur le doigt du patient, puis recommencez.</source>
      <translation>No finger in the oximeter: put the sensor on the patient's finger, then try again.</translation>
    </message>
    <message>
      <source>Le stéthoscope ne s’ouvre pas en 48 ou 44,1 kHz : vérifiez son branchement.</source>
      <translation>The stethoscope does not open at 48 or 44.1 kHz: check its connection.</translation>
    </message>
    <message>
      <source>Stéthoscope introuvable : vérifiez qu’il est branché (ou choisissez son entrée audio dans les réglages).</source>
      <translation>Stethoscope not found: check that it is plugged in (or choose its audio input in the settings).</translation>
    </message>
    <message>
      <source>Le son du stéthoscope sature : baissez le gain, puis recommencez.</source>
      <translation>The stethoscope's sound saturates: lower the gain, then start again.</translation>
    </message>
    <message>
      <source>Aucun son au stéthoscope : posez bien la membrane sur la peau, vérifiez qu’il est allumé, puis recommencez.</source>
      <translation>No sound from the stethoscope: put the diaphragm firmly on the skin, check that it is on, then start again.</translation>
    </message>
    <message>
      <source>Identifiant USB du stéthoscope mal écrit dans les réglages (attendu usb:VID:PID).</source>
      <translation>The stethoscope’s USB id is mistyped in the settings (expected usb:VID:PID).</translation>
    </message>
    <message>
      <source>Stéthoscope USB introuvable : vérifiez qu’il est branché (sous Windows, choisissez son entrée audio par son nom dans les réglages).</source>
      <translation>USB stethoscope not found: check that it is plugged in (on Windows, choose its audio input by name in the settings).</translation>
    </message>
    <message>
      <source>Le stéthoscope ne transmet plus de son : vérifiez qu’il est branché, puis recommencez l’enregistrement.</source>
      <translation>The stethoscope sends no more sound: check that it is plugged in, then record again.</translation>
    </message>
    <message>
      <source>Le port de l’appareil n’est pas ouvert.</source>
      <translation>The device's port is not open.</translation>
    </message>
    <message>
      <source>Caméra introuvable ou déjà utilisée par un autre logiciel : vérifiez son câble.</source>
      <translation>Camera not found or used by another program: check its cable.</translation>
    </message>
    <message>
      <source>La caméra n’envoie plus d’image.</source>
      <translation>The camera no longer sends pictures.</translation>
    </message>
    <message>
      <source>La caméra a été débranchée ou ne répond plus.</source>
      <translation>The camera was unplugged or no longer answers.</translation>
    </message>
    <message>
      <source>Réponse du thermomètre illisible (en-tête inattendu).</source>
      <translation>Unreadable thermometer answer (unexpected header).</translation>
    </message>
    <message>
      <source>Réponse du thermomètre incomplète.</source>
      <translation>Incomplete thermometer answer.</translation>
    </message>
    <message>
      <source>Réponse du thermomètre altérée (somme de contrôle fausse).</source>
      <translation>Corrupted thermometer answer (wrong checksum).</translation>
    </message>
    <message>
      <source>Relevé de température de taille inattendue.</source>
      <translation>Temperature record of unexpected size.</translation>
    </message>
    <message>
      <source>Relevé de température illisible (valeur impossible).</source>
      <translation>Unreadable temperature record (impossible value).</translation>
    </message>
    <message>
      <source>Le thermomètre ne répond pas : vérifiez son câble, puis recommencez.</source>
      <translation>The thermometer does not answer: check its cable, then try again.</translation>
    </message>
    <message>
      <source>Le thermomètre a répondu à une autre commande.</source>
      <translation>The thermometer answered another command.</translation>
    </message>
    <message>
      <source>Le thermomètre a refusé la commande.</source>
      <translation>The thermometer refused the command.</translation>
    </message>
    <message>
      <source>Le thermomètre n’a pas donné de température. Recommencez.</source>
      <translation>The thermometer gave no temperature. Try again.</translation>
    </message>
    <message>
      <source>Aucune sonde n’est branchée sur le thermomètre.</source>
      <translation>No probe is plugged into the thermometer.</translation>
    </message>
    <message>
      <source>La téléconsultation a été arrêtée : donnez l’orientation indiquée.</source>
      <translation>The teleconsultation was stopped: give the orientation shown.</translation>
    </message>
    <message>
      <source>Cette question ne s’applique pas à ce patient.</source>
      <translation>This question does not apply to this patient.</translation>
    </message>
    <message>
      <source>Répondez par oui ou non.</source>
      <translation>Answer yes or no.</translation>
    </message>
    <message>
      <source>Cette vérification doit être faite avant de continuer.</source>
      <translation>This check must be done before going on.</translation>
    </message>
    <message>
      <source>Choisissez une des réponses proposées.</source>
      <translation>Choose one of the answers offered.</translation>
    </message>
    <message>
      <source>Choisissez parmi les réponses proposées.</source>
      <translation>Choose among the answers offered.</translation>
    </message>
    <message>
      <source>Cochez au moins une réponse (ou « aucun » s’il n’y en a pas).</source>
      <translation>Tick at least one answer (or “none” if there is none).</translation>
    </message>
    <message>
      <source>La réponse « aucun » ne se coche pas avec une autre réponse.</source>
      <translation>“None” cannot be ticked with another answer.</translation>
    </message>
    <message>
      <source>Indiquez un nombre.</source>
      <translation>Enter a number.</translation>
    </message>
    <message>
      <source>Ce champ est à remplir.</source>
      <translation>This field must be filled in.</translation>
    </message>
    <message>
      <source>Prenez la mesure avec l’appareil, ou saisissez-la.</source>
      <translation>Take the measurement with the device, or enter it by hand.</translation>
    </message>
    <message>
      <source>Enregistrez chaque point au stéthoscope.</source>
      <translation>Record each point with the stethoscope.</translation>
    </message>
    <message>
      <source>Consultation introuvable dans le dossier.</source>
      <translation>Consultation not found in the record.</translation>
    </message>
    <message>
      <source>La consultation est close : la conclusion n’est pas reçue.</source>
      <translation>The consultation is closed: the conclusion is not accepted.</translation>
    </message>
    <message>
      <source>La consultation est close : le document n’est pas reçu.</source>
      <translation>The consultation is closed: the document is not accepted.</translation>
    </message>
    <message>
      <source>La consultation n’accepte plus de demande.</source>
      <translation>The consultation no longer accepts requests.</translation>
    </message>
    <message>
      <source>Terminez la liste de clôture avant de fermer la consultation.</source>
      <translation>Finish the closing list before closing the consultation.</translation>
    </message>
    <message>
      <source>Indiquez en quelques mots pourquoi la consultation s’arrête.</source>
      <translation>Say in a few words why the consultation stops.</translation>
    </message>
    <message>
      <source>Cette consultation est déjà close.</source>
      <translation>This consultation is already closed.</translation>
    </message>
    <message>
      <source>Le médecin doit d’abord dire qui il est (nom et RPPS).</source>
      <translation>The doctor must first say who they are (name and RPPS).</translation>
    </message>
    <message>
      <source>Aucune mesure de cet appareil dans cette consultation.</source>
      <translation>No reading from this device in this consultation.</translation>
    </message>
    <message>
      <source>Aucun stéthoscope n’est branché sur ce poste.</source>
      <translation>No stethoscope is connected to this station.</translation>
    </message>
    <message>
      <source>Indiquez en quelques mots pourquoi ce n’est pas possible.</source>
      <translation>Say in a few words why it is not possible.</translation>
    </message>
    <message>
      <source>Identifiez-vous avant de commencer une consultation.</source>
      <translation>Sign in before starting a consultation.</translation>
    </message>
    <message>
      <source>Une mesure est déjà en cours sur cet appareil.</source>
      <translation>A measurement is already under way on this device.</translation>
    </message>
    <message>
      <source>Le micro est ouvert mais n’entend rien : parlez près de lui, ou vérifiez qu’il n’est pas coupé.</source>
      <translation>The microphone is open but hears nothing: speak close to it, or check it is not muted.</translation>
    </message>
    <message>
      <source>Micro introuvable : vérifiez qu’il est branché et choisi (ex. alsa:default).</source>
      <translation>Microphone not found: check it is plugged in and chosen (e.g. alsa:default).</translation>
    </message>
    <message>
      <source>Le micro ne donne aucun son : vérifiez son branchement.</source>
      <translation>The microphone gives no sound: check its connection.</translation>
    </message>
    <message>
      <source>Indiquez la date de naissance du patient (jj/mm/aaaa).</source>
      <translation>Enter the patient's date of birth (dd/mm/yyyy).</translation>
    </message>
    <message>
      <source>Écrivez l’année de naissance en entier, sur 4 chiffres.</source>
      <translation>Write the year of birth in full, with 4 digits.</translation>
    </message>
    <message>
      <source>La date de naissance ne peut pas être dans le futur.</source>
      <translation>The date of birth cannot be in the future.</translation>
    </message>
    <message>
      <source>Vérifiez l’année de naissance : elle est avant 1900.</source>
      <translation>Check the year of birth: it is before 1900.</translation>
    </message>
    <message>
      <source>Date de naissance illisible : écrivez-la jj/mm/aaaa, par exemple 02/07/1948.</source>
      <translation>Unreadable date of birth: write it dd/mm/yyyy, for example 02/07/1948.</translation>
    </message>
    <message>
      <source>Cette date n’existe pas : vérifiez le jour et le mois.</source>
      <translation>This date does not exist: check the day and the month.</translation>
    </message>
    <message>
      <source>Indiquez votre prénom et votre nom.</source>
      <translation>Enter your first and last name.</translation>
    </message>
    <message>
      <source>Choisissez votre profession.</source>
      <translation>Choose your profession.</translation>
    </message>
    <message>
      <source>Le numéro RPPS compte 11 chiffres (laissez vide si vous n’en avez pas).</source>
      <translation>The RPPS number has 11 digits (leave it empty if you have none).</translation>
    </message>
    <message>
      <source>Le numéro RPPS est demandé aux infirmiers et aux pharmaciens.</source>
      <translation>Nurses and pharmacists must give their RPPS number.</translation>
    </message>
    <message>
      <source>Indiquez le nom de naissance et le(s) prénom(s) du patient.</source>
      <translation>Enter the patient's birth name and first name(s).</translation>
    </message>
    <message>
      <source>Indiquez la date de naissance du patient.</source>
      <translation>Enter the patient's date of birth.</translation>
    </message>
    <message>
      <source>Le matricule INS compte 13 chiffres (15 avec la clé).</source>
      <translation>The INS number has 13 digits (15 with the key).</translation>
    </message>
    <message>
      <source>La clé du matricule INS (les 2 derniers chiffres) ne correspond pas : vérifiez le numéro.</source>
      <translation>The INS number's key (its last 2 digits) does not match: check the number.</translation>
    </message>
    <message>
      <source>Le code INSEE du lieu de naissance compte 5 caractères (99… pour l’étranger).</source>
      <translation>The INSEE code of the birthplace has 5 characters (99… for abroad).</translation>
    </message>
    <message>
      <source>Indiquez le matricule INS qualifié.</source>
      <translation>Enter the qualified INS number.</translation>
    </message>
    <message>
      <source>L’adresse de messagerie sécurisée du médecin traitant se termine par mssante.fr (par exemple prenom.nom@medecin.mssante.fr).</source>
      <translation>The regular doctor's secure mailbox address ends in mssante.fr (for example firstname.lastname@medecin.mssante.fr).</translation>
    </message>
    <message>
      <source>l’adresse du service doit commencer par https:// (http:// en local).</source>
      <translation>the service address must start with https:// (http:// locally).</translation>
    </message>
    <message>
      <source>réponse du service incomplète.</source>
      <translation>incomplete answer from the service.</translation>
    </message>
    <message>
      <source>adresse du service invalide (sans identifiant ni paramètres).</source>
      <translation>invalid service address (no user name or parameters).</translation>
    </message>
    <message>
      <source>service de téléconsultation injoignable : vérifiez la connexion du poste.</source>
      <translation>teleconsultation service unreachable: check the station's connection.</translation>
    </message>
    <message>
      <source>service de téléconsultation injoignable.</source>
      <translation>teleconsultation service unreachable.</translation>
    </message>
    <message>
      <source>Le médecin demande une mesure</source>
      <translation>The doctor asks for a measurement</translation>
    </message>
    <message>
      <source>Le médecin demande l’otoscope</source>
      <translation>The doctor asks for the otoscope</translation>
    </message>
    <message>
      <source>Le médecin demande la caméra de la pièce</source>
      <translation>The doctor asks for the room camera</translation>
    </message>
    <message>
      <source>Le médecin demande une photo à l’otoscope</source>
      <translation>The doctor asks for an otoscope picture</translation>
    </message>
    <message>
      <source>Le médecin demande une auscultation au stéthoscope</source>
      <translation>The doctor asks for a stethoscope auscultation</translation>
    </message>
    <message>
      <source>Le médecin a terminé la consultation : passez à la clôture avec le patient.</source>
      <translation>The doctor ended the consultation: go on to closing with the patient.</translation>
    </message>
    <message>
      <source>Ce poste n’est plus autorisé par le service de téléconsultation : l’appel est coupé. La consultation est conservée ; contactez l’exploitant du parc.</source>
      <translation>This station is no longer authorised by the teleconsultation service: the call was cut. The consultation is kept; contact the fleet's operator.</translation>
    </message>
    <message>
      <source>prêt</source>
      <translation>ready</translation>
    </message>
    <message>
      <source>mesure en cours…</source>
      <translation>measuring…</translation>
    </message>
    <message>
      <source>problème</source>
      <translation>problem</translation>
    </message>
    <message>
      <source>tension artérielle</source>
      <translation>blood pressure</translation>
    </message>
    <message>
      <source>oxymétrie</source>
      <translation>oximetry</translation>
    </message>
    <message>
      <source>caméra</source>
      <translation>camera</translation>
    </message>
    <message>
      <source>stéthoscope</source>
      <translation>stethoscope</translation>
    </message>
    <message>
      <source>Étape suivante : appel du médecin</source>
      <translation>Next: call the doctor</translation>
    </message>
    <message>
      <source>Étape suivante : clôture</source>
      <translation>Next: closing</translation>
    </message>
    <message>
      <source>Terminer et rédiger le compte rendu</source>
      <translation>Finish and write the report</translation>
    </message>
    <message>
      <source>Avant l’appel</source>
      <translation>Before the call</translation>
    </message>
    <message>
      <source>Pendant l’appel</source>
      <translation>During the call</translation>
    </message>
    <message>
      <source>Clôture</source>
      <translation>Closing</translation>
    </message>
    <message>
      <source>Infirmier·e</source>
      <translation>Nurse</translation>
    </message>
    <message>
      <source>Pharmacien·ne</source>
      <translation>Pharmacist</translation>
    </message>
    <message>
      <source>Préparateur·rice en pharmacie</source>
      <translation>Pharmacy technician</translation>
    </message>
    <message>
      <source>Aide-soignant·e</source>
      <translation>Care assistant</translation>
    </message>
    <message>
      <source>Autre professionnel·le de santé</source>
      <translation>Other health professional</translation>
    </message>
    <message>
      <source>identification du patient</source>
      <translation>patient identification</translation>
    </message>
    <message>
      <source>information et consentement</source>
      <translation>information and consent</translation>
    </message>
    <message>
      <source>vérifications avant l’appel</source>
      <translation>checks before the call</translation>
    </message>
    <message>
      <source>en attente du médecin</source>
      <translation>waiting for the doctor</translation>
    </message>
    <message>
      <source>examen avec le médecin</source>
      <translation>examination with the doctor</translation>
    </message>
    <message>
      <source>clôture</source>
      <translation>closing</translation>
    </message>
    <message>
      <source>compte rendu</source>
      <translation>report</translation>
    </message>
    <message>
      <source>arrêtée (orientation donnée)</source>
      <translation>stopped (orientation given)</translation>
    </message>
    <message>
      <source>en attente d’envoi</source>
      <translation>waiting to be sent</translation>
    </message>
    <message>
      <source>échec temporaire, nouvel essai prévu</source>
      <translation>temporary failure, will retry</translation>
    </message>
    <message>
      <source>refusé par le serveur : à vérifier</source>
      <translation>refused by the server: to check</translation>
    </message>
    <message>
      <source>envoyé</source>
      <translation>sent</translation>
    </message>
    <message>
      <source>Accès en fauteuil roulant</source>
      <translation>Wheelchair access</translation>
    </message>
    <message>
      <source>Boucle magnétique pour malentendants</source>
      <translation>Hearing loop</translation>
    </message>
    <message>
      <source>Grands caractères par défaut</source>
      <translation>Large type by default</translation>
    </message>
    <message>
      <source>Contraste élevé par défaut</source>
      <translation>High contrast by default</translation>
    </message>
    <message>
      <source>envoi des comptes rendus au dossier de santé</source>
      <translation>sending reports to the health record</translation>
    </message>
    <message>
      <source>appels vidéo par le service de téléconsultation du parc</source>
      <translation>video calls through the fleet's teleconsultation service</translation>
    </message>
  </context>
</TS>