<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>QObject</name>
    <message>
        <source>Choose the folder to write the model into (new, or one holding a checkpoint of this run).</source>
        <translation>Wählen Sie den Ordner, in den das Modell geschrieben wird (neu oder einer mit einem Checkpoint dieses Laufs).</translation>
    </message>
    <message>
        <source>%1 is a file; choose a folder for the model.</source>
        <translation>%1 ist eine Datei; wählen Sie einen Ordner für das Modell.</translation>
    </message>
    <message>
        <source>The folder %1 does not exist (the model&apos;s folder is created in it).</source>
        <translation>Der Ordner %1 existiert nicht (der Ordner des Modells wird darin angelegt).</translation>
    </message>
    <message>
        <source>Cannot write to %1: %2</source>
        <translation>In %1 kann nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>%1 will be created.</source>
        <translation>%1 wird angelegt.</translation>
    </message>
    <message>
        <source>%1 already holds files but no checkpoint; choose a new or empty folder, or one holding a checkpoint of this run.</source>
        <translation>%1 enthält bereits Dateien, aber keinen Checkpoint; wählen Sie einen neuen oder leeren Ordner oder einen mit einem Checkpoint dieses Laufs.</translation>
    </message>
    <message>
        <source>%1 holds a checkpoint of a run with other settings (%2 differ); use the same settings to resume it, or choose another folder.</source>
        <translation>%1 enthält einen Checkpoint eines Laufs mit anderen Einstellungen (%2 weichen ab); verwenden Sie dieselben Einstellungen, um ihn fortzusetzen, oder wählen Sie einen anderen Ordner.</translation>
    </message>
    <message>
        <source>A checkpoint of this run is there (next step %1 of %2): training resumes from it.</source>
        <translation>Ein Checkpoint dieses Laufs ist vorhanden (nächster Schritt %1 von %2): Das Training wird von dort fortgesetzt.</translation>
    </message>
    <message>
        <source>%1 (delete it to start over, or choose another folder)</source>
        <translation>%1 (löschen Sie ihn, um neu zu beginnen, oder wählen Sie einen anderen Ordner)</translation>
    </message>
</context>
<context>
    <name>focus::widgets::CommandPort</name>
    <message>
        <source>cannot listen on 127.0.0.1:%1: %2</source>
        <translation>Lauschen auf 127.0.0.1:%1 nicht möglich: %2</translation>
    </message>
    <message>
        <source>no private folder for the command port&apos;s token: %1</source>
        <translation>kein privater Ordner für das Token des Befehlsports: %1</translation>
    </message>
    <message>
        <source>cannot write the command port&apos;s token: %1</source>
        <translation>das Token des Befehlsports kann nicht geschrieben werden: %1</translation>
    </message>
</context>
<context>
    <name>focus::widgets::ComparisonPanel</name>
    <message>
        <source>FOCUS vs %1</source>
        <translation>FOCUS vs. %1</translation>
    </message>
    <message>
        <source>FOCUS</source>
        <translation>FOCUS</translation>
    </message>
    <message>
        <source>baseline</source>
        <translation>Baseline</translation>
    </message>
    <message>
        <source>FOCUS vs baseline</source>
        <translation>FOCUS vs. Baseline</translation>
    </message>
    <message>
        <source>no comparison yet: score FOCUS and a baseline over the same region</source>
        <translation>noch kein Vergleich: Bewerten Sie FOCUS und eine Baseline über dieselbe Region</translation>
    </message>
    <message>
        <source>position %1 · reference %2</source>
        <translation>Position %1 · Referenz %2</translation>
    </message>
    <message>
        <source>hover over a base to compare its probabilities</source>
        <translation>Fahren Sie mit der Maus über eine Base, um ihre Wahrscheinlichkeiten zu vergleichen</translation>
    </message>
</context>
<context>
    <name>focus::widgets::LocusBar</name>
    <message>
        <source>Locus or gene, e.g. 20:5,075,001-5,125,000 or TMEM230</source>
        <translation>Locus oder Gen, z. B. 20:5,075,001-5,125,000 oder TMEM230</translation>
    </message>
</context>
<context>
    <name>focus::widgets::MainWindow</name>
    <message>
        <source>FOCUS Browser</source>
        <translation>FOCUS Browser</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>abgebrochen</translation>
    </message>
    <message>
        <source>Memory</source>
        <translation>Speicher</translation>
    </message>
    <message>
        <source>FOCUS vs baseline</source>
        <translation>FOCUS vs. Baseline</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Stop scoring (Esc)</source>
        <translation>Bewertung beenden (Esc)</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>Open &amp;FASTA…</source>
        <translation>&amp;FASTA öffnen…</translation>
    </message>
    <message>
        <source>Open &amp;model…</source>
        <translation>&amp;Modell öffnen…</translation>
    </message>
    <message>
        <source>Open FOCUS &amp;adapter…</source>
        <translation>FOCUS-&amp;Adapter öffnen…</translation>
    </message>
    <message>
        <source>Open a&amp;nnotations (BED, GFF3, GTF, bigBed)…</source>
        <translation>A&amp;nnotationen öffnen (BED, GFF3, GTF, bigBed)…</translation>
    </message>
    <message>
        <source>Open a &amp;track (bedGraph, bigWig)…</source>
        <translation>S&amp;pur öffnen (bedGraph, bigWig)…</translation>
    </message>
    <message>
        <source>Open &amp;variants (VCF, BCF)…</source>
        <translation>&amp;Varianten öffnen (VCF, BCF)…</translation>
    </message>
    <message>
        <source>Open from &amp;URL…</source>
        <translation>Von &amp;URL öffnen…</translation>
    </message>
    <message>
        <source>Open from URL</source>
        <translation>Von URL öffnen</translation>
    </message>
    <message>
        <source>http(s) or ftp URL of a FASTA, bigWig, bigBed, BED, GFF3, GTF or VCF file
(indexes are read from beside it: .fai/.gzi, .tbi/.csi):</source>
        <translation>http(s)- oder ftp-URL einer FASTA-, bigWig-, bigBed-, BED-, GFF3-, GTF- oder VCF-Datei
(Indizes werden aus demselben Verzeichnis gelesen: .fai/.gzi, .tbi/.csi):</translation>
    </message>
    <message>
        <source>&amp;Recent files</source>
        <translation>&amp;Zuletzt geöffnete Dateien</translation>
    </message>
    <message>
        <source>Open &amp;session…</source>
        <translation>S&amp;itzung öffnen…</translation>
    </message>
    <message>
        <source>&amp;Save session…</source>
        <translation>Sitzung &amp;speichern…</translation>
    </message>
    <message>
        <source>Save session</source>
        <translation>Sitzung speichern</translation>
    </message>
    <message>
        <source>Sessions (*.json)</source>
        <translation>Sitzungen (*.json)</translation>
    </message>
    <message>
        <source>Wrote %1</source>
        <translation>%1 geschrieben</translation>
    </message>
    <message>
        <source>Export FOCUS track as &amp;bedGraph…</source>
        <translation>FOCUS-Spur als bed&amp;Graph exportieren…</translation>
    </message>
    <message>
        <source>Export bedGraph</source>
        <translation>bedGraph exportieren</translation>
    </message>
    <message>
        <source>bedGraph (*.bedGraph *.bedgraph *.bg)</source>
        <translation>bedGraph (*.bedGraph *.bedgraph *.bg)</translation>
    </message>
    <message>
        <source>Export baseline track as bedGraph…</source>
        <translation>Baseline-Spur als bedGraph exportieren…</translation>
    </message>
    <message>
        <source>Export FOCUS track as big&amp;Wig…</source>
        <translation>FOCUS-Spur als big&amp;Wig exportieren…</translation>
    </message>
    <message>
        <source>Export bigWig</source>
        <translation>bigWig exportieren</translation>
    </message>
    <message>
        <source>bigWig (*.bw *.bigWig)</source>
        <translation>bigWig (*.bw *.bigWig)</translation>
    </message>
    <message>
        <source>Export ISM as four bigWigs…</source>
        <translation>ISM als vier bigWigs exportieren…</translation>
    </message>
    <message>
        <source>Export ISM (a prefix: PREFIX.A.bw … PREFIX.T.bw)</source>
        <translation>ISM exportieren (ein Präfix: PREFIX.A.bw … PREFIX.T.bw)</translation>
    </message>
    <message>
        <source>bigWig prefix (*)</source>
        <translation>bigWig-Präfix (*)</translation>
    </message>
    <message>
        <source>Save snapshot (PNG, SVG)…</source>
        <translation>Schnappschuss speichern (PNG, SVG)…</translation>
    </message>
    <message>
        <source>Save snapshot</source>
        <translation>Schnappschuss speichern</translation>
    </message>
    <message>
        <source>Images (*.png *.svg)</source>
        <translation>Bilder (*.png *.svg)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;Navigate</source>
        <translation>&amp;Navigieren</translation>
    </message>
    <message>
        <source>&amp;Go to locus or gene…</source>
        <translation>&amp;Gehe zu Locus oder Gen…</translation>
    </message>
    <message>
        <source>&amp;Back</source>
        <translation>&amp;Zurück</translation>
    </message>
    <message>
        <source>&amp;Forward</source>
        <translation>&amp;Vorwärts</translation>
    </message>
    <message>
        <source>&amp;Score view</source>
        <translation>Ansicht &amp;bewerten</translation>
    </message>
    <message>
        <source>&amp;Cancel scoring</source>
        <translation>Bewertung &amp;abbrechen</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Preferences…</source>
        <translation>&amp;Einstellungen…</translation>
    </message>
    <message>
        <source>&amp;Tools</source>
        <translation>E&amp;xtras</translation>
    </message>
    <message>
        <source>Score &amp;variants in view</source>
        <translation>&amp;Varianten in der Ansicht bewerten</translation>
    </message>
    <message>
        <source>Every variant in view is scored</source>
        <translation>Alle Varianten in der Ansicht sind bewertet</translation>
    </message>
    <message>
        <source>In-silico &amp;mutagenesis of view</source>
        <translation>In-silico-&amp;Mutagenese der Ansicht</translation>
    </message>
    <message>
        <source>Train FOCUS &amp;adapter…</source>
        <translation>FOCUS-&amp;Adapter trainieren…</translation>
    </message>
    <message>
        <source>Train &amp;base model…</source>
        <translation>&amp;Basismodell trainieren…</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;About FOCUS Browser</source>
        <translation>&amp;Über FOCUS Browser</translation>
    </message>
    <message>
        <source>About FOCUS Browser</source>
        <translation>Über FOCUS Browser</translation>
    </message>
    <message>
        <source>&lt;b&gt;FOCUS Browser&lt;/b&gt;&lt;br&gt;DNA language-model tracks with FOCUS context compression (arXiv 2511.14694).&lt;br&gt;Model: %1&lt;br&gt;Adapter: %2</source>
        <translation>&lt;b&gt;FOCUS Browser&lt;/b&gt;&lt;br&gt;DNA-Sprachmodell-Spuren mit FOCUS-Kontextkompression (arXiv 2511.14694).&lt;br&gt;Modell: %1&lt;br&gt;Adapter: %2</translation>
    </message>
    <message>
        <source>Navigation</source>
        <translation>Navigation</translation>
    </message>
    <message>
        <source> Baseline: </source>
        <translation> Baseline: </translation>
    </message>
    <message>
        <source>full attention</source>
        <translation>volle Attention</translation>
    </message>
    <message>
        <source>sliding window</source>
        <translation>gleitendes Fenster</translation>
    </message>
    <message>
        <source>attention sinks</source>
        <translation>Attention-Sinks</translation>
    </message>
    <message>
        <source>What FOCUS is compared with (full: a growing cache; window / sinks: the last W tokens)</source>
        <translation>Womit FOCUS verglichen wird (voll: ein wachsender Cache; Fenster / Sinks: die letzten W Tokens)</translation>
    </message>
    <message>
        <source>Command port closed: %1</source>
        <translation>Befehlsport geschlossen: %1</translation>
    </message>
    <message>
        <source>Command port closed</source>
        <translation>Befehlsport geschlossen</translation>
    </message>
    <message>
        <source>Open model directory</source>
        <translation>Modellverzeichnis öffnen</translation>
    </message>
    <message>
        <source>Open FASTA</source>
        <translation>FASTA öffnen</translation>
    </message>
    <message>
        <source>FASTA (*.fa *.fa.gz *.fasta *.fasta.gz *.fna *.fna.gz)</source>
        <translation>FASTA (*.fa *.fa.gz *.fasta *.fasta.gz *.fna *.fna.gz)</translation>
    </message>
    <message>
        <source>Open FOCUS adapter</source>
        <translation>FOCUS-Adapter öffnen</translation>
    </message>
    <message>
        <source>Adapters (*.safetensors)</source>
        <translation>Adapter (*.safetensors)</translation>
    </message>
    <message>
        <source>Open annotations</source>
        <translation>Annotationen öffnen</translation>
    </message>
    <message>
        <source>Annotations (*.bed *.bed.gz *.gff3 *.gff3.gz *.gff *.gff.gz *.gtf *.gtf.gz *.bb *.bigBed *.bigbed)</source>
        <translation>Annotationen (*.bed *.bed.gz *.gff3 *.gff3.gz *.gff *.gff.gz *.gtf *.gtf.gz *.bb *.bigBed *.bigbed)</translation>
    </message>
    <message>
        <source>Open session</source>
        <translation>Sitzung öffnen</translation>
    </message>
    <message>
        <source>Open track</source>
        <translation>Spur öffnen</translation>
    </message>
    <message>
        <source>Tracks (*.bedGraph *.bedgraph *.bg *.bw *.bigWig *.bigwig)</source>
        <translation>Spuren (*.bedGraph *.bedgraph *.bg *.bw *.bigWig *.bigwig)</translation>
    </message>
    <message>
        <source>Open variants</source>
        <translation>Varianten öffnen</translation>
    </message>
    <message>
        <source>Variants (*.vcf *.vcf.gz *.bcf)</source>
        <translation>Varianten (*.vcf *.vcf.gz *.bcf)</translation>
    </message>
    <message>
        <source>no model</source>
        <translation>kein Modell</translation>
    </message>
    <message>
        <source> (StripedHyena 2)</source>
        <translation> (StripedHyena 2)</translation>
    </message>
    <message>
        <source> + FOCUS k=%1, window %2</source>
        <translation> + FOCUS k=%1, Fenster %2</translation>
    </message>
    <message>
        <source> + FOCUS training-free, k=%1, window %2</source>
        <translation> + FOCUS trainingsfrei, k=%1, Fenster %2</translation>
    </message>
    <message>
        <source>Could not load the %1: %2</source>
        <translation>Laden fehlgeschlagen (%1): %2</translation>
    </message>
    <message>
        <source>The view spans %1 bases; zoom in below %2 to score it (Preferences &gt; Scoring)</source>
        <translation>Die Ansicht umfasst %1 Basen; zoomen Sie unter %2 hinein, um sie zu bewerten (Einstellungen &gt; Bewertung)</translation>
    </message>
    <message>
        <source>%1, FOCUS and %2</source>
        <translation>%1, FOCUS und %2</translation>
    </message>
    <message>
        <source>Scoring %1…</source>
        <translation>Bewerte %1…</translation>
    </message>
    <message>
        <source>Scored %1: FOCUS %2 bits/base, %3 %4 bits/base, %5 s</source>
        <translation>%1 bewertet: FOCUS %2 Bits/Base, %3 %4 Bits/Base, %5 s</translation>
    </message>
    <message>
        <source>Scoring failed: %1</source>
        <translation>Bewertung fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Scoring cancelled</source>
        <translation>Bewertung abgebrochen</translation>
    </message>
    <message>
        <source>no genome is open</source>
        <translation>kein Genom geöffnet</translation>
    </message>
    <message>
        <source>no model is loaded</source>
        <translation>kein Modell geladen</translation>
    </message>
    <message>
        <source>the view is larger than scoring/maxRegionBases</source>
        <translation>die Ansicht ist größer als scoring/maxRegionBases</translation>
    </message>
    <message>
        <source>Loading the new adapter %1</source>
        <translation>Lade den neuen Adapter %1</translation>
    </message>
    <message>
        <source>Loading the new model %1</source>
        <translation>Lade das neue Modell %1</translation>
    </message>
    <message>
        <source>Command port: %1</source>
        <translation>Befehlsport: %1</translation>
    </message>
    <message>
        <source>no token is asked for (Preferences &gt; Command port)</source>
        <translation>es wird kein Token verlangt (Einstellungen &gt; Befehlsport)</translation>
    </message>
    <message>
        <source>send &apos;token &lt;TOKEN&gt;&apos; first; the token is in %1</source>
        <translation>senden Sie zuerst &apos;token &lt;TOKEN&gt;&apos;; das Token steht in %1</translation>
    </message>
    <message>
        <source>Command port listening on 127.0.0.1:%1; %2</source>
        <translation>Befehlsport lauscht auf 127.0.0.1:%1; %2</translation>
    </message>
    <message>
        <source>%1: variant score (ALT − REF, nats)</source>
        <translation>%1: Varianten-Score (ALT − REF, nats)</translation>
    </message>
    <message>
        <source>Opened %1 (indexed: records are read for the region in view)</source>
        <translation>%1 geöffnet (indiziert: Einträge werden für die angezeigte Region gelesen)</translation>
    </message>
    <message>
        <source>Opened %1: %2 variant records</source>
        <translation>%1 geöffnet: %2 Varianteneinträge</translation>
    </message>
    <message>
        <source>%1 variant records in %2</source>
        <translation>%1 Varianteneinträge in %2</translation>
    </message>
    <message>
        <source>Scored %1 variant records (%2 alleles) in %3 s</source>
        <translation>%1 Varianteneinträge (%2 Allele) in %3 s bewertet</translation>
    </message>
    <message>
        <source>; %1 symbolic or non-ACGT alleles skipped</source>
        <translation>; %1 symbolische oder Nicht-ACGT-Allele übersprungen</translation>
    </message>
    <message>
        <source>; %1 records could not be scored, the first: %2</source>
        <translation>; %1 Einträge konnten nicht bewertet werden, der erste: %2</translation>
    </message>
    <message>
        <source>in-silico mutagenesis of %1 (%2)</source>
        <translation>In-silico-Mutagenese von %1 (%2)</translation>
    </message>
    <message>
        <source>FOCUS</source>
        <translation>FOCUS</translation>
    </message>
    <message>
        <source>ISM (%1): ALT − REF, nats</source>
        <translation>ISM (%1): ALT − REF, nats</translation>
    </message>
    <message>
        <source>In-silico mutagenesis of %1: %2 bases x 3 in %3 s</source>
        <translation>In-silico-Mutagenese von %1: %2 Basen x 3 in %3 s</translation>
    </message>
</context>
<context>
    <name>focus::widgets::MemoryChart</name>
    <message>
        <source>position (bp)</source>
        <translation>Position (bp)</translation>
    </message>
    <message>
        <source>KV cache</source>
        <translation>KV-Cache</translation>
    </message>
    <message>
        <source>process</source>
        <translation>Prozess</translation>
    </message>
    <message>
        <source>memory while scoring</source>
        <translation>Speicher während der Bewertung</translation>
    </message>
    <message>
        <source>peak %1</source>
        <translation>Spitzenwert %1</translation>
    </message>
    <message>
        <source>FOCUS keeps %1 where full attention needs %2 (%3)</source>
        <translation>FOCUS hält %1, wo volle Attention %2 benötigt (%3)</translation>
    </message>
    <message>
        <source>FOCUS KV</source>
        <translation>FOCUS-KV</translation>
    </message>
    <message>
        <source>full attention KV</source>
        <translation>KV volle Attention</translation>
    </message>
    <message>
        <source>sliding window KV</source>
        <translation>KV gleitendes Fenster</translation>
    </message>
    <message>
        <source>attention sinks KV</source>
        <translation>KV Attention-Sinks</translation>
    </message>
    <message>
        <source>Hyena state (convolutions)</source>
        <translation>Hyena-Zustand (Faltungen)</translation>
    </message>
    <message>
        <source>process RSS</source>
        <translation>Prozess-RSS</translation>
    </message>
    <message>
        <source>process RSS, %1 run</source>
        <translation>Prozess-RSS, Lauf %1</translation>
    </message>
    <message>
        <source>CUDA allocated</source>
        <translation>CUDA belegt</translation>
    </message>
    <message>
        <source>CUDA reserved</source>
        <translation>CUDA reserviert</translation>
    </message>
    <message>
        <source>%1 KV</source>
        <translation>KV %1</translation>
    </message>
</context>
<context>
    <name>focus::widgets::OptimisationFields</name>
    <message>
        <source>all cores</source>
        <translation>alle Kerne</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <source>Steps:</source>
        <translation>Schritte:</translation>
    </message>
    <message>
        <source>Learning rate:</source>
        <translation>Lernrate:</translation>
    </message>
    <message>
        <source>Warm-up steps:</source>
        <translation>Warm-up-Schritte:</translation>
    </message>
    <message>
        <source>Seed:</source>
        <translation>Seed:</translation>
    </message>
    <message>
        <source>Device:</source>
        <translation>Gerät:</translation>
    </message>
    <message>
        <source>Threads:</source>
        <translation>Threads:</translation>
    </message>
    <message>
        <source>Validate every:</source>
        <translation>Validieren alle:</translation>
    </message>
    <message>
        <source>Checkpoint every:</source>
        <translation>Checkpoint alle:</translation>
    </message>
</context>
<context>
    <name>focus::widgets::Preferences</name>
    <message>
        <source>Device (cuda needs a CUDA LibTorch build)</source>
        <translation>Gerät (cuda erfordert ein mit CUDA gebautes LibTorch)</translation>
    </message>
    <message>
        <source>Where the model runs. cuda needs a LibTorch built with CUDA (the default Debian build is CPU-only) and an NVIDIA GPU.</source>
        <translation>Wo das Modell läuft. cuda erfordert ein mit CUDA gebautes LibTorch (der Standard-Build von Debian unterstützt nur die CPU) und eine NVIDIA-GPU.</translation>
    </message>
    <message>
        <source>CPU threads</source>
        <translation>CPU-Threads</translation>
    </message>
    <message>
        <source>Threads LibTorch uses on the CPU; 0 uses all cores but one, which stays with the window so it never stalls while scoring. Values depend slightly on the thread count (float sums in another order): give `focus score --threads` the same number to reproduce them exactly.</source>
        <translation>Threads, die LibTorch auf der CPU verwendet; 0 verwendet alle Kerne außer einem, der dem Fenster vorbehalten bleibt, damit es während der Bewertung nie hängt. Die Werte hängen geringfügig von der Thread-Anzahl ab (Gleitkommasummen in anderer Reihenfolge): Geben Sie `focus score --threads` dieselbe Zahl, um sie exakt zu reproduzieren.</translation>
    </message>
    <message>
        <source>All cores but one</source>
        <translation>Alle Kerne außer einem</translation>
    </message>
    <message>
        <source>Precision</source>
        <translation>Genauigkeit</translation>
    </message>
    <message>
        <source>Floating-point precision of the model. The half precisions fp16 and bf16 run on GPUs only.</source>
        <translation>Gleitkommagenauigkeit des Modells. Die halben Genauigkeiten fp16 und bf16 laufen nur auf GPUs.</translation>
    </message>
    <message>
        <source>Prefix bases</source>
        <translation>Präfix-Basen</translation>
    </message>
    <message>
        <source>Bases before the view fed to the model as context, so the first bases in view are scored with context; -1 uses the model&apos;s trained context minus one (the CLI&apos;s default).</source>
        <translation>Basen vor der Ansicht, die dem Modell als Kontext übergeben werden, damit auch die ersten Basen der Ansicht mit Kontext bewertet werden; -1 verwendet den trainierten Kontext des Modells minus eins (die Vorgabe der CLI).</translation>
    </message>
    <message>
        <source>Model context - 1</source>
        <translation>Modellkontext - 1</translation>
    </message>
    <message>
        <source>Chunk tokens</source>
        <translation>Tokens pro Block</translation>
    </message>
    <message>
        <source>Tokens per forward pass; smaller chunks use less memory, larger ones run faster.</source>
        <translation>Tokens pro Vorwärtsdurchlauf; kleinere Blöcke brauchen weniger Speicher, größere laufen schneller.</translation>
    </message>
    <message>
        <source>Score the view automatically</source>
        <translation>Ansicht automatisch bewerten</translation>
    </message>
    <message>
        <source>Re-score the view whenever it changes, if it is no wider than the largest region below.</source>
        <translation>Bewertet die Ansicht bei jeder Änderung neu, sofern sie nicht breiter als die unten angegebene größte Region ist.</translation>
    </message>
    <message>
        <source>Largest region scored automatically</source>
        <translation>Größte automatisch bewertete Region</translation>
    </message>
    <message>
        <source>Views wider than this many bases are not scored automatically.</source>
        <translation>Ansichten, die breiter als diese Anzahl Basen sind, werden nicht automatisch bewertet.</translation>
    </message>
    <message>
        <source>Bases per summary (k)</source>
        <translation>Basen pro Zusammenfassung (k)</translation>
    </message>
    <message>
        <source>Bases each FOCUS summary token stands for; 0 uses the value the adapter was trained with.</source>
        <translation>Anzahl der Basen, für die jedes FOCUS-Zusammenfassungs-Token steht; 0 verwendet den Wert, mit dem der Adapter trainiert wurde.</translation>
    </message>
    <message>
        <source>Adapter&apos;s</source>
        <translation>Wert des Adapters</translation>
    </message>
    <message>
        <source>Window bases</source>
        <translation>Basen pro Fenster</translation>
    </message>
    <message>
        <source>Bases per FOCUS window; 0 uses the adapter&apos;s.</source>
        <translation>Basen pro FOCUS-Fenster; 0 verwendet den Wert des Adapters.</translation>
    </message>
    <message>
        <source>Preset</source>
        <translation>Voreinstellung</translation>
    </message>
    <message>
        <source>The FOCUS settings to start from: recommended (the adapter&apos;s recommendation, else best; the demo adapter recommends best plus its trained correction of the entries), best (the best training-free setting: kmer_mean entries with the variance mass term, a reach of the trained context, bases positions, hidden window summaries, 3/10 of the window carried), paper (the paper&apos;s configuration) or trained (what the adapter was trained with). The settings below override it unless they say adapter.</source>
        <translation>Die FOCUS-Einstellungen, von denen ausgegangen wird: recommended (die Empfehlung des Adapters, sonst best; der Demo-Adapter empfiehlt best plus seine trainierte Korrektur der Einträge), best (die beste trainingsfreie Einstellung: kmer_mean-Einträge mit dem Varianz-Massenterm, eine Reichweite des trainierten Kontexts, bases-Positionen, hidden-Fensterzusammenfassungen, 3/10 des Fensters übertragen), paper (die Konfiguration aus dem Paper) oder trained (womit der Adapter trainiert wurde). Die Einstellungen unten überschreiben sie, sofern sie nicht auf adapter stehen.</translation>
    </message>
    <message>
        <source>Carry bases</source>
        <translation>Übertragene Basen</translation>
    </message>
    <message>
        <source>Bases at the end of a window whose keys and values are carried into the next one; -1 uses the preset&apos;s, 0 carries none.</source>
        <translation>Basen am Ende eines Fensters, deren Keys und Values in das nächste übertragen werden; -1 verwendet den Wert der Voreinstellung, 0 überträgt keine.</translation>
    </message>
    <message>
        <source>Preset&apos;s</source>
        <translation>Wert der Voreinstellung</translation>
    </message>
    <message>
        <source>Entries</source>
        <translation>Einträge</translation>
    </message>
    <message>
        <source>What a closed window keeps per summary: the summary token&apos;s keys and values (summary, the paper), or the mean of its k bases&apos; keys and values attended with a log k bias (kmer_mean, ours, needs no training); adapter uses the preset&apos;s setting.</source>
        <translation>Was ein abgeschlossenes Fenster pro Zusammenfassung behält: die Keys und Values des Zusammenfassungs-Tokens (summary, wie im Paper) oder den Mittelwert der Keys und Values seiner k Basen, beachtet mit einem Bias von log k (kmer_mean, unser Ansatz, ohne Training); adapter übernimmt die Einstellung der Voreinstellung.</translation>
    </message>
    <message>
        <source>Entry reach (tokens)</source>
        <translation>Reichweite der Einträge (Tokens)</translation>
    </message>
    <message>
        <source>Summaries further back than this many tokens are no longer seen, and are dropped from memory; the model&apos;s trained context is a natural choice. -1 uses the preset&apos;s, 0 no limit (the paper).</source>
        <translation>Zusammenfassungen, die mehr als diese Anzahl Tokens zurückliegen, werden nicht mehr beachtet und aus dem Speicher entfernt; der trainierte Kontext des Modells ist eine naheliegende Wahl. -1 verwendet den Wert der Voreinstellung, 0 bedeutet keine Grenze (wie im Paper).</translation>
    </message>
    <message>
        <source>Positions</source>
        <translation>Positionen</translation>
    </message>
    <message>
        <source>Rotary positions of FOCUS&apos;s tokens: entries first (compact, compact_capped), every token at its place in the stream (stream), or at the number of bases up to it, so distances between bases are the base model&apos;s own (bases, ours); adapter uses the preset&apos;s setting.</source>
        <translation>Rotary-Positionen der FOCUS-Tokens: Einträge zuerst (compact, compact_capped), jedes Token an seiner Stelle im Strom (stream) oder bei der Anzahl der Basen bis zu ihm, sodass die Abstände zwischen Basen denen des Basismodells entsprechen (bases, unser Ansatz); adapter übernimmt die Einstellung der Voreinstellung.</translation>
    </message>
    <message>
        <source>Window summaries</source>
        <translation>Fensterzusammenfassungen</translation>
    </message>
    <message>
        <source>Whether a base attends to the summary tokens of its own window (seen, the paper) or only to bases and kept entries (hidden, ours); adapter uses the preset&apos;s setting.</source>
        <translation>Ob eine Base auf die Zusammenfassungs-Tokens ihres eigenen Fensters achtet (seen, wie im Paper) oder nur auf Basen und behaltene Einträge (hidden, unser Ansatz); adapter übernimmt die Einstellung der Voreinstellung.</translation>
    </message>
    <message>
        <source>Baseline</source>
        <translation>Baseline</translation>
    </message>
    <message>
        <source>What FOCUS is compared with: full attention (every key kept), a sliding window, or attention sinks (the first tokens plus a sliding window, as in StreamingLLM).</source>
        <translation>Womit FOCUS verglichen wird: volle Attention (jeder Key bleibt erhalten), ein gleitendes Fenster oder Attention-Sinks (die ersten Tokens plus ein gleitendes Fenster, wie in StreamingLLM).</translation>
    </message>
    <message>
        <source>Window tokens</source>
        <translation>Fenster-Tokens</translation>
    </message>
    <message>
        <source>Keys the sliding-window and sinks baselines keep; 0 uses the model&apos;s trained context.</source>
        <translation>Keys, die die Baselines gleitendes Fenster und Sinks behalten; 0 verwendet den trainierten Kontext des Modells.</translation>
    </message>
    <message>
        <source>Model context</source>
        <translation>Modellkontext</translation>
    </message>
    <message>
        <source>Sink tokens</source>
        <translation>Sink-Tokens</translation>
    </message>
    <message>
        <source>First tokens the attention-sinks baseline always keeps.</source>
        <translation>Erste Tokens, die die Attention-Sinks-Baseline immer behält.</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>Methode</translation>
    </message>
    <message>
        <source>window: Evo 2&apos;s method, a window of W bases centred on the variant scored under both alleles (equal lengths for indels), mean over the window; causal: only the allele and the bases after it given the shared left context (cheaper; indels are not length-matched).</source>
        <translation>window: die Methode von Evo 2, ein auf die Variante zentriertes Fenster von W Basen, unter beiden Allelen bewertet (gleiche Längen bei Indels), gemittelt über das Fenster; causal: nur das Allel und die Basen danach, gegeben den gemeinsamen linken Kontext (günstiger; Indels werden nicht in der Länge angeglichen).</translation>
    </message>
    <message>
        <source>Window (bases)</source>
        <translation>Fenster (Basen)</translation>
    </message>
    <message>
        <source>W of the window method; 0 uses the model&apos;s trained context.</source>
        <translation>W der Methode window; 0 verwendet den trainierten Kontext des Modells.</translation>
    </message>
    <message>
        <source>Causal context (bases)</source>
        <translation>Kausaler Kontext (Basen)</translation>
    </message>
    <message>
        <source>Left context of the causal method; 0: the trained context less the scored bases.</source>
        <translation>Linker Kontext der Methode causal; 0: der trainierte Kontext abzüglich der bewerteten Basen.</translation>
    </message>
    <message>
        <source>Causal bases after</source>
        <translation>Basen danach (kausal)</translation>
    </message>
    <message>
        <source>Bases after the allele that the causal method scores.</source>
        <translation>Basen nach dem Allel, die die Methode causal bewertet.</translation>
    </message>
    <message>
        <source>Average both strands</source>
        <translation>Beide Stränge mitteln</translation>
    </message>
    <message>
        <source>Average each score with the reverse strand&apos;s (twice the work).</source>
        <translation>Mittelt jeden Score mit dem des Gegenstrangs (doppelter Aufwand).</translation>
    </message>
    <message>
        <source>Largest ISM view (bases)</source>
        <translation>Größte ISM-Ansicht (Basen)</translation>
    </message>
    <message>
        <source>In-silico mutagenesis scores 3 substitutions per base; views wider than this are refused.</source>
        <translation>Die In-silico-Mutagenese bewertet 3 Substitutionen pro Base; breitere Ansichten werden abgelehnt.</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Sprache</translation>
    </message>
    <message>
        <source>The language of menus, dialogs and messages, from the next start: system follows the desktop&apos;s locale (English where no translation exists); en, de (German), zh_CN (Simplified Chinese). Messages from the engine (file errors) stay in English.</source>
        <translation>Die Sprache von Menüs, Dialogen und Meldungen, ab dem nächsten Start: system folgt dem Gebietsschema des Desktops (Englisch, wo keine Übersetzung existiert); en, de (Deutsch), zh_CN (vereinfachtes Chinesisch). Meldungen der Engine (Dateifehler) bleiben auf Englisch.</translation>
    </message>
    <message>
        <source>Colour of A</source>
        <translation>Farbe von A</translation>
    </message>
    <message>
        <source>Colour of A in the sequence and probability tracks.</source>
        <translation>Farbe von A in den Sequenz- und Wahrscheinlichkeitsspuren.</translation>
    </message>
    <message>
        <source>Colour of C</source>
        <translation>Farbe von C</translation>
    </message>
    <message>
        <source>Colour of C in the sequence and probability tracks.</source>
        <translation>Farbe von C in den Sequenz- und Wahrscheinlichkeitsspuren.</translation>
    </message>
    <message>
        <source>Colour of G</source>
        <translation>Farbe von G</translation>
    </message>
    <message>
        <source>Colour of G in the sequence and probability tracks.</source>
        <translation>Farbe von G in den Sequenz- und Wahrscheinlichkeitsspuren.</translation>
    </message>
    <message>
        <source>Colour of T</source>
        <translation>Farbe von T</translation>
    </message>
    <message>
        <source>Colour of T in the sequence and probability tracks.</source>
        <translation>Farbe von T in den Sequenz- und Wahrscheinlichkeitsspuren.</translation>
    </message>
    <message>
        <source>Delta above zero</source>
        <translation>Delta über null</translation>
    </message>
    <message>
        <source>Colour of positive delta values.</source>
        <translation>Farbe positiver Delta-Werte.</translation>
    </message>
    <message>
        <source>Delta below zero</source>
        <translation>Delta unter null</translation>
    </message>
    <message>
        <source>Colour of negative delta values.</source>
        <translation>Farbe negativer Delta-Werte.</translation>
    </message>
    <message>
        <source>Delta measure</source>
        <translation>Delta-Maß</translation>
    </message>
    <message>
        <source>How the delta track compares a run with full attention: dp_ref (change in the reference base&apos;s probability), kl (KL divergence from full attention, bits) or delta_nll (bits per base lost on the reference base).</source>
        <translation>Wie die Delta-Spur einen Lauf mit voller Attention vergleicht: dp_ref (Änderung der Wahrscheinlichkeit der Referenzbase), kl (KL-Divergenz von voller Attention, Bits) oder delta_nll (auf der Referenzbase verlorene Bits pro Base).</translation>
    </message>
    <message>
        <source>Samples per second</source>
        <translation>Messpunkte pro Sekunde</translation>
    </message>
    <message>
        <source>How often the memory chart samples resident memory and KV-cache bytes.</source>
        <translation>Wie oft das Speicherdiagramm den residenten Speicher und die Bytes des KV-Caches abtastet.</translation>
    </message>
    <message>
        <source>Listen for batch commands</source>
        <translation>Auf Batch-Befehle lauschen</translation>
    </message>
    <message>
        <source>Accept IGV-style batch commands on a TCP port of this computer (localhost only).</source>
        <translation>Nimmt Batch-Befehle im Stil von IGV über einen TCP-Port dieses Computers an (nur localhost).</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>Port</translation>
    </message>
    <message>
        <source>TCP port for batch commands (IGV&apos;s is 60151).</source>
        <translation>TCP-Port für Batch-Befehle (der von IGV ist 60151).</translation>
    </message>
    <message>
        <source>Ask clients for the token</source>
        <translation>Token von Clients verlangen</translation>
    </message>
    <message>
        <source>A client&apos;s first line must be &apos;token &lt;TOKEN&gt;&apos;. The token is new each time the port opens and lies in $XDG_RUNTIME_DIR/focus-browser/port-&lt;PORT&gt;.token, which only you can read, so other accounts on this computer cannot send commands. Turn off only where no one else logs in.</source>
        <translation>Die erste Zeile eines Clients muss &apos;token &lt;TOKEN&gt;&apos; lauten. Das Token ist bei jedem Öffnen des Ports neu und liegt in $XDG_RUNTIME_DIR/focus-browser/port-&lt;PORT&gt;.token, das nur Sie lesen können, sodass andere Konten auf diesem Computer keine Befehle senden können. Schalten Sie dies nur aus, wo sich niemand sonst anmeldet.</translation>
    </message>
    <message>
        <source>Idle timeout (seconds)</source>
        <translation>Leerlauf-Timeout (Sekunden)</translation>
    </message>
    <message>
        <source>A connection that sends no command for this long is closed (time a command of its runs does not count). At most 8 connections are served at once.</source>
        <translation>Eine Verbindung, die so lange keinen Befehl sendet, wird geschlossen (die Laufzeit ihrer Befehle zählt nicht mit). Höchstens 8 Verbindungen werden gleichzeitig bedient.</translation>
    </message>
    <message>
        <source>Export folder</source>
        <translation>Exportordner</translation>
    </message>
    <message>
        <source>Where snapshot and exportBedGraph from the port write: relative names go here (or into the folder snapshotDirectory picks inside it) and paths outside it are refused. Empty: ~/Documents/FOCUS Browser.</source>
        <translation>Wohin snapshot und exportBedGraph vom Port schreiben: Relative Namen landen hier (oder in dem Ordner darin, den snapshotDirectory wählt), Pfade außerhalb werden abgelehnt. Leer: ~/Documents/FOCUS Browser.</translation>
    </message>
    <message>
        <source>~/Documents/FOCUS Browser</source>
        <translation>~/Documents/FOCUS Browser</translation>
    </message>
    <message>
        <source>Let port commands write anywhere</source>
        <translation>Port-Befehle überall schreiben lassen</translation>
    </message>
    <message>
        <source>snapshot, exportBedGraph and snapshotDirectory from the port may name any path this account can write, not only inside the export folder.</source>
        <translation>snapshot, exportBedGraph und snapshotDirectory vom Port dürfen jeden Pfad angeben, in den dieses Konto schreiben kann, nicht nur innerhalb des Exportordners.</translation>
    </message>
    <message>
        <source>Autosave the session</source>
        <translation>Sitzung automatisch speichern</translation>
    </message>
    <message>
        <source>Keep the current session (genome, model, tracks, locus) saved in the application data folder.</source>
        <translation>Hält die aktuelle Sitzung (Genom, Modell, Spuren, Locus) im Datenordner der Anwendung gespeichert.</translation>
    </message>
    <message>
        <source>Restore the last session on start</source>
        <translation>Letzte Sitzung beim Start wiederherstellen</translation>
    </message>
    <message>
        <source>Reopen the autosaved session when the browser starts.</source>
        <translation>Öffnet die automatisch gespeicherte Sitzung beim Start des Browsers erneut.</translation>
    </message>
    <message>
        <source>Scoring</source>
        <translation>Bewertung</translation>
    </message>
    <message>
        <source>FOCUS</source>
        <translation>FOCUS</translation>
    </message>
    <message>
        <source>Variants</source>
        <translation>Varianten</translation>
    </message>
    <message>
        <source>View</source>
        <translation>Ansicht</translation>
    </message>
    <message>
        <source>Memory</source>
        <translation>Speicher</translation>
    </message>
    <message>
        <source>Command port</source>
        <translation>Befehlsport</translation>
    </message>
    <message>
        <source>Session</source>
        <translation>Sitzung</translation>
    </message>
</context>
<context>
    <name>focus::widgets::PreferencesDialog</name>
    <message>
        <source>Preferences</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>Hover over a setting for what it does.</source>
        <translation>Fahren Sie mit der Maus über eine Einstellung, um zu sehen, was sie bewirkt.</translation>
    </message>
</context>
<context>
    <name>focus::widgets::TrackSettingsPopover</name>
    <message>
        <source> px</source>
        <translation> px</translation>
    </message>
    <message>
        <source>from the values in view</source>
        <translation>aus den angezeigten Werten</translation>
    </message>
    <message>
        <source>none (own range)</source>
        <translation>keine (eigener Bereich)</translation>
    </message>
    <message>
        <source>Tracks with the same group name share one autoscaled range</source>
        <translation>Spuren mit demselben Gruppennamen teilen sich einen automatisch skalierten Bereich</translation>
    </message>
    <message>
        <source>Mean</source>
        <translation>Mittelwert</translation>
    </message>
    <message>
        <source>Maximum</source>
        <translation>Maximum</translation>
    </message>
    <message>
        <source>Minimum</source>
        <translation>Minimum</translation>
    </message>
    <message>
        <source>P(reference base)</source>
        <translation>P(Referenzbase)</translation>
    </message>
    <message>
        <source>Sequence logo</source>
        <translation>Sequenzlogo</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Titel</translation>
    </message>
    <message>
        <source>Height</source>
        <translation>Höhe</translation>
    </message>
    <message>
        <source>Autoscale</source>
        <translation>Autoskalierung</translation>
    </message>
    <message>
        <source>Autoscale group</source>
        <translation>Autoskalierungsgruppe</translation>
    </message>
    <message>
        <source>Window function</source>
        <translation>Fensterfunktion</translation>
    </message>
    <message>
        <source>Colour</source>
        <translation>Farbe</translation>
    </message>
    <message>
        <source>Style</source>
        <translation>Darstellung</translation>
    </message>
    <message>
        <source>Delta measure</source>
        <translation>Delta-Maß</translation>
    </message>
</context>
<context>
    <name>focus::widgets::TrackView</name>
    <message>
        <source>baseline</source>
        <translation>Baseline</translation>
    </message>
    <message>
        <source>not scored</source>
        <translation>nicht bewertet</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>Region %1%2</source>
        <translation>Region %1%2</translation>
    </message>
</context>
<context>
    <name>focus::widgets::TrainingBaseOptimisationPage</name>
    <message>
        <source>Optimisation</source>
        <translation>Optimierung</translation>
    </message>
    <message>
        <source>AdamW with warm-up and cosine decay. The context schedule CONTEXT:BATCH[@FRACTION],… trains short windows first and ends at the model&apos;s trained context, e.g. 1024:8,2048:4@0.85.</source>
        <translation>AdamW mit Warm-up und Kosinus-Abfall. Der Kontextplan CONTEXT:BATCH[@FRACTION],… trainiert zuerst kurze Fenster und endet beim trainierten Kontext des Modells, z. B. 1024:8,2048:4@0.85.</translation>
    </message>
    <message>
        <source>Context schedule:</source>
        <translation>Kontextplan:</translation>
    </message>
    <message>
        <source>Model folder:</source>
        <translation>Modellordner:</translation>
    </message>
    <message>
        <source>Model folder</source>
        <translation>Modellordner</translation>
    </message>
    <message>
        <source>The model shape is invalid (see the first page).</source>
        <translation>Die Modellstruktur ist ungültig (siehe erste Seite).</translation>
    </message>
    <message>
        <source>The context schedule ends at %1 bases but the model&apos;s trained context is %2: the last phase trains at the trained context.</source>
        <translation>Der Kontextplan endet bei %1 Basen, aber der trainierte Kontext des Modells ist %2: Die letzte Phase trainiert mit dem trainierten Kontext.</translation>
    </message>
    <message>
        <source>The %1 regions hold %2 usable bases; a window of %3 bases (with its k-mer history) needs %4.</source>
        <translation>Die Regionen für %1 enthalten %2 nutzbare Basen; ein Fenster von %3 Basen (mit seiner k-mer-Historie) benötigt %4.</translation>
    </message>
    <message>
        <source>training</source>
        <translation>Training</translation>
    </message>
    <message>
        <source>validation</source>
        <translation>Validierung</translation>
    </message>
</context>
<context>
    <name>focus::widgets::TrainingBaseResultPage</name>
    <message>
        <source>Result</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <source>Final losses of the trained model; validation is on the held-out regions at the trained context.</source>
        <translation>Endgültige Verluste des trainierten Modells; die Validierung erfolgt auf den zurückgehaltenen Regionen beim trainierten Kontext.</translation>
    </message>
    <message>
        <source>Load into browser</source>
        <translation>In den Browser laden</translation>
    </message>
    <message>
        <source>Loaded %1 into the browser.</source>
        <translation>%1 in den Browser geladen.</translation>
    </message>
    <message>
        <source>Trained %1 steps (%2 tokens in %3).
Final training loss %4 bits/base; validation %5 bits/base at context %6.
The model is %7 (config.json + model.safetensors): %8.</source>
        <translation>%1 Schritte trainiert (%2 Tokens in %3).
Endgültiger Trainingsverlust %4 Bits/Base; Validierung %5 Bits/Base bei Kontext %6.
Das Modell ist %7 (config.json + model.safetensors): %8.</translation>
    </message>
</context>
<context>
    <name>focus::widgets::TrainingCompressionPage</name>
    <message>
        <source>Compression</source>
        <translation>Kompression</translation>
    </message>
    <message>
        <source>One summary token after every k bases; across windows only the summaries&apos; K/V are kept.</source>
        <translation>Ein Zusammenfassungs-Token nach je k Basen; über Fenster hinweg werden nur die K/V der Zusammenfassungen behalten.</translation>
    </message>
    <message>
        <source>Correction of k-mer mean entries (recommended)</source>
        <translation>Korrektur der k-mer-Mittelwerteinträge (empfohlen)</translation>
    </message>
    <message>
        <source>Summary tokens (the paper)</source>
        <translation>Zusammenfassungs-Tokens (wie im Paper)</translation>
    </message>
    <message>
        <source>Correction: each closed window keeps the mean K/V of every k bases (training-free, the best measured setting) and the adapter learns a small correction of them, starting from zero, so training starts at the best setting and can only improve on it. Summary tokens: the paper&apos;s adapter, whose trained summaries measured worse than the training-free means here.</source>
        <translation>Korrektur: Jedes abgeschlossene Fenster behält den mittleren K/V-Wert je k Basen (trainingsfrei, die beste gemessene Einstellung), und der Adapter lernt eine kleine Korrektur dieser Werte, beginnend bei null; so beginnt das Training bei der besten Einstellung und kann sie nur verbessern. Zusammenfassungs-Tokens: der Adapter aus dem Paper, dessen trainierte Zusammenfassungen hier schlechter abschnitten als die trainingsfreien Mittelwerte.</translation>
    </message>
    <message>
        <source> bases</source>
        <translation> Basen</translation>
    </message>
    <message>
        <source>Draw k per training step from:</source>
        <translation>k pro Trainingsschritt ziehen aus:</translation>
    </message>
    <message>
        <source>Training at several k lets one adapter serve all of them.</source>
        <translation>Durch Training mit mehreren k kann ein Adapter alle davon abdecken.</translation>
    </message>
    <message>
        <source>Train:</source>
        <translation>Trainieren:</translation>
    </message>
    <message>
        <source>k (bases per summary):</source>
        <translation>k (Basen pro Zusammenfassung):</translation>
    </message>
    <message>
        <source>Window:</source>
        <translation>Fenster:</translation>
    </message>
    <message>
        <source>Memory estimate at:</source>
        <translation>Speicherschätzung bei:</translation>
    </message>
    <message>
        <source>(choose a base model for the memory estimate)</source>
        <translation>(wählen Sie ein Basismodell für die Speicherschätzung)</translation>
    </message>
</context>
<context>
    <name>focus::widgets::TrainingDataPage</name>
    <message>
        <source>Training data</source>
        <translation>Trainingsdaten</translation>
    </message>
    <message>
        <source>Regions to train on and held-out regions to validate on, from one genome. Locus lists as in the browser, separated by commas: chr1:1-1,000,000,chr2:5,000-90,000.</source>
        <translation>Regionen zum Trainieren und zurückgehaltene Regionen zum Validieren, aus einem Genom. Locus-Listen wie im Browser, durch Kommas getrennt: chr1:1-1,000,000,chr2:5,000-90,000.</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <source>e.g. 20:30,000,001-34,000,000, or: all contigs except 21, 22</source>
        <translation>z. B. 20:30,000,001-34,000,000, oder: all contigs except 21, 22</translation>
    </message>
    <message>
        <source>e.g. 20:50,000,001-51,000,000 (must not overlap the training regions)</source>
        <translation>z. B. 20:50,000,001-51,000,000 (darf sich nicht mit den Trainingsregionen überschneiden)</translation>
    </message>
    <message>
        <source>Genome FASTA:</source>
        <translation>Genom-FASTA:</translation>
    </message>
    <message>
        <source>Training regions:</source>
        <translation>Trainingsregionen:</translation>
    </message>
    <message>
        <source>Validation regions:</source>
        <translation>Validierungsregionen:</translation>
    </message>
    <message>
        <source>Genome FASTA</source>
        <translation>Genom-FASTA</translation>
    </message>
    <message>
        <source>FASTA (*.fa *.fasta *.fna *.fa.gz *.fasta.gz *.fna.gz);;All files (*)</source>
        <translation>FASTA (*.fa *.fasta *.fna *.fa.gz *.fasta.gz *.fna.gz);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>Wird geprüft…</translation>
    </message>
    <message>
        <source>Training: %1 regions, %2 bases, %3 usable (A/C/G/T)
Validation: %4 regions, %5 bases, %6 usable</source>
        <translation>Training: %1 Regionen, %2 Basen, %3 nutzbar (A/C/G/T)
Validierung: %4 Regionen, %5 Basen, %6 nutzbar</translation>
    </message>
</context>
<context>
    <name>focus::widgets::TrainingModelPage</name>
    <message>
        <source>Base model</source>
        <translation>Basismodell</translation>
    </message>
    <message>
        <source>The frozen DNA language model the adapter learns to compress for.</source>
        <translation>Das eingefrorene DNA-Sprachmodell, für das der Adapter die Kompression lernt.</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <source>Model directory:</source>
        <translation>Modellverzeichnis:</translation>
    </message>
    <message>
        <source>Base model directory</source>
        <translation>Basismodell-Verzeichnis</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>Wird geprüft…</translation>
    </message>
</context>
<context>
    <name>focus::widgets::TrainingOptimisationPage</name>
    <message>
        <source>Optimisation</source>
        <translation>Optimierung</translation>
    </message>
    <message>
        <source>AdamW with warm-up and a cosine schedule; the base model stays frozen.</source>
        <translation>AdamW mit Warm-up und Kosinus-Zeitplan; das Basismodell bleibt eingefroren.</translation>
    </message>
    <message>
        <source>Windows per training sample: gradients flow through the summaries across them.</source>
        <translation>Fenster pro Trainingsbeispiel: Die Gradienten fließen fensterübergreifend durch die Zusammenfassungen.</translation>
    </message>
    <message>
        <source>Weight of KL(base model || FOCUS): 0 trains on next-base cross-entropy only.</source>
        <translation>Gewicht von KL(Basismodell || FOCUS): 0 trainiert nur auf die Kreuzentropie der nächsten Base.</translation>
    </message>
    <message>
        <source>Measure speed</source>
        <translation>Geschwindigkeit messen</translation>
    </message>
    <message>
        <source>Trains a throw-away copy for %1 steps with these settings and estimates the run time.</source>
        <translation>Trainiert eine Wegwerfkopie %1 Schritte lang mit diesen Einstellungen und schätzt die Laufzeit.</translation>
    </message>
    <message>
        <source>Windows per sample:</source>
        <translation>Fenster pro Beispiel:</translation>
    </message>
    <message>
        <source>Batch:</source>
        <translation>Batch:</translation>
    </message>
    <message>
        <source>Distillation weight:</source>
        <translation>Destillationsgewicht:</translation>
    </message>
    <message>
        <source>Adapter file:</source>
        <translation>Adapterdatei:</translation>
    </message>
    <message>
        <source>Adapter file</source>
        <translation>Adapterdatei</translation>
    </message>
    <message>
        <source>FOCUS adapters (*.safetensors)</source>
        <translation>FOCUS-Adapter (*.safetensors)</translation>
    </message>
    <message>
        <source>Fix the settings first.</source>
        <translation>Korrigieren Sie zuerst die Einstellungen.</translation>
    </message>
    <message>
        <source>The probe measured nothing.</source>
        <translation>Der Testlauf hat nichts gemessen.</translation>
    </message>
    <message>
        <source>%1 s per step (%2 tokens/s) → %3 steps take about %4, plus validation.</source>
        <translation>%1 s pro Schritt (%2 Tokens/s) → %3 Schritte dauern etwa %4, zuzüglich Validierung.</translation>
    </message>
    <message>
        <source>The probe failed: %1</source>
        <translation>Der Testlauf ist fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Measuring %1 steps…</source>
        <translation>Messe %1 Schritte…</translation>
    </message>
    <message>
        <source>The adapter file must end in .safetensors (the browser opens adapters by that name).</source>
        <translation>Die Adapterdatei muss auf .safetensors enden (der Browser öffnet Adapter an dieser Endung).</translation>
    </message>
    <message>
        <source>The %1 regions hold %2 usable bases; a sample of %3 windows of %4 bases needs %5.</source>
        <translation>Die Regionen für %1 enthalten %2 nutzbare Basen; ein Beispiel aus %3 Fenstern zu je %4 Basen benötigt %5.</translation>
    </message>
    <message>
        <source>training</source>
        <translation>Training</translation>
    </message>
    <message>
        <source>validation</source>
        <translation>Validierung</translation>
    </message>
    <message>
        <source>A checkpoint of an earlier run exists: training resumes from it when the settings are the same.</source>
        <translation>Ein Checkpoint eines früheren Laufs ist vorhanden: Das Training wird von dort fortgesetzt, wenn die Einstellungen gleich sind.</translation>
    </message>
    <message>
        <source>%1 exists and will be replaced.</source>
        <translation>%1 existiert und wird ersetzt.</translation>
    </message>
</context>
<context>
    <name>focus::widgets::TrainingResultPage</name>
    <message>
        <source>Result</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <source>Fidelity to full attention on the validation regions. Window and sinks get the KV bytes FOCUS holds at the end, so the comparison is at equal memory.</source>
        <translation>Übereinstimmung mit voller Attention auf den Validierungsregionen. Fenster und Sinks erhalten die KV-Bytes, die FOCUS am Ende hält, sodass der Vergleich bei gleichem Speicher erfolgt.</translation>
    </message>
    <message>
        <source>Region</source>
        <translation>Region</translation>
    </message>
    <message>
        <source>Mode</source>
        <translation>Modus</translation>
    </message>
    <message>
        <source>KV bytes</source>
        <translation>KV-Bytes</translation>
    </message>
    <message>
        <source>mean |Δp|</source>
        <translation>mittleres |Δp|</translation>
    </message>
    <message>
        <source>JS (bits)</source>
        <translation>JS (Bits)</translation>
    </message>
    <message>
        <source>KL (bits)</source>
        <translation>KL (Bits)</translation>
    </message>
    <message>
        <source>ΔNLL (bits/base)</source>
        <translation>ΔNLL (Bits/Base)</translation>
    </message>
    <message>
        <source>top-1</source>
        <translation>Top-1</translation>
    </message>
    <message>
        <source>Save adapter as…</source>
        <translation>Adapter speichern unter…</translation>
    </message>
    <message>
        <source>Load into browser</source>
        <translation>In den Browser laden</translation>
    </message>
    <message>
        <source>Save adapter as</source>
        <translation>Adapter speichern unter</translation>
    </message>
    <message>
        <source>FOCUS adapters (*.safetensors)</source>
        <translation>FOCUS-Adapter (*.safetensors)</translation>
    </message>
    <message>
        <source>Loaded %1 into the browser.</source>
        <translation>%1 in den Browser geladen.</translation>
    </message>
    <message>
        <source>Evaluation failed: %1</source>
        <translation>Evaluierung fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Training (%1 steps): validation |Δp| against the base model %2 untrained → %3 trained.
</source>
        <translation>Training (%1 Schritte): Validierungs-|Δp| gegenüber dem Basismodell %2 untrainiert → %3 trainiert.
</translation>
    </message>
    <message>
        <source>Evaluating on the validation regions…</source>
        <translation>Evaluierung auf den Validierungsregionen…</translation>
    </message>
    <message>
        <source>1 validation region</source>
        <translation>1 Validierungsregion</translation>
    </message>
    <message>
        <source>%1 validation regions</source>
        <translation>%1 Validierungsregionen</translation>
    </message>
    <message>
        <source> scored under FOCUS, window and sinks.</source>
        <translation> mit FOCUS, Fenster und Sinks bewertet.</translation>
    </message>
    <message>
        <source>Saved a copy as %1.</source>
        <translation>Eine Kopie wurde als %1 gespeichert.</translation>
    </message>
</context>
<context>
    <name>focus::widgets::TrainingRunPage</name>
    <message>
        <source>Training</source>
        <translation>Training</translation>
    </message>
    <message>
        <source>Training loss and validation loss, both in bits per base (2 is a uniform guess).</source>
        <translation>Trainings- und Validierungsverlust, beide in Bits pro Base (2 entspricht gleichverteiltem Raten).</translation>
    </message>
    <message>
        <source>Loss (bits/base) and validation |Δp| against the base model at the chosen k.</source>
        <translation>Verlust (Bits/Base) und Validierungs-|Δp| gegenüber dem Basismodell beim gewählten k.</translation>
    </message>
    <message>
        <source>step %v of %m</source>
        <translation>Schritt %v von %m</translation>
    </message>
    <message>
        <source>loss (bits/base)</source>
        <translation>Verlust (Bits/Base)</translation>
    </message>
    <message>
        <source>validation (bits/base)</source>
        <translation>Validierung (Bits/Base)</translation>
    </message>
    <message>
        <source>validation |Δp|</source>
        <translation>Validierungs-|Δp|</translation>
    </message>
    <message>
        <source>step</source>
        <translation>Schritt</translation>
    </message>
    <message>
        <source>validation mean |Δp|</source>
        <translation>mittleres Validierungs-|Δp|</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Pausieren</translation>
    </message>
    <message>
        <source>Cancel training</source>
        <translation>Training abbrechen</translation>
    </message>
    <message>
        <source>Delete checkpoint</source>
        <translation>Checkpoint löschen</translation>
    </message>
    <message>
        <source>Could not delete %1.</source>
        <translation>%1 konnte nicht gelöscht werden.</translation>
    </message>
    <message>
        <source> Checkpoint deleted: the next start trains from scratch.</source>
        <translation> Checkpoint gelöscht: Der nächste Start trainiert von Grund auf neu.</translation>
    </message>
    <message>
        <source>Waiting for the previous run to stop…</source>
        <translation>Warte, bis der vorherige Lauf beendet ist…</translation>
    </message>
    <message>
        <source>process memory while training</source>
        <translation>Prozessspeicher während des Trainings</translation>
    </message>
    <message>
        <source>Building the model and reading the genome…</source>
        <translation>Modell wird aufgebaut und Genom wird gelesen…</translation>
    </message>
    <message>
        <source>Loading the model and measuring the untrained adapter…</source>
        <translation>Modell wird geladen und der untrainierte Adapter gemessen…</translation>
    </message>
    <message>
        <source>Step %1 of %2 · loss %3 bits/base</source>
        <translation>Schritt %1 von %2 · Verlust %3 Bits/Base</translation>
    </message>
    <message>
        <source> · validation %1 bits/base</source>
        <translation> · Validierung %1 Bits/Base</translation>
    </message>
    <message>
        <source> (resumed from a checkpoint)</source>
        <translation> (von einem Checkpoint fortgesetzt)</translation>
    </message>
    <message>
        <source>%1 tokens/s · ETA %2 · context %3 · learning rate %4</source>
        <translation>%1 Tokens/s · Restzeit %2 · Kontext %3 · Lernrate %4</translation>
    </message>
    <message>
        <source>Already trained: this folder holds the model of these settings (%1 steps in %2): training %3, validation %4 bits/base.</source>
        <translation>Bereits trainiert: Dieser Ordner enthält das Modell mit diesen Einstellungen (%1 Schritte in %2): Training %3, Validierung %4 Bits/Base.</translation>
    </message>
    <message>
        <source>Finished %1 steps in %2: training %3, validation %4 bits/base.</source>
        <translation>%1 Schritte in %2 abgeschlossen: Training %3, Validierung %4 Bits/Base.</translation>
    </message>
    <message>
        <source>%1 tokens in all · model written to %2</source>
        <translation>%1 Tokens insgesamt · Modell nach %2 geschrieben</translation>
    </message>
    <message>
        <source> · validation |Δp| %1</source>
        <translation> · Validierungs-|Δp| %1</translation>
    </message>
    <message>
        <source>%1 tokens/s · ETA %2 · k %3 · learning rate %4</source>
        <translation>%1 Tokens/s · Restzeit %2 · k %3 · Lernrate %4</translation>
    </message>
    <message>
        <source>Already trained: the file holds the adapter of these settings (%1 steps in %2): validation |Δp| %3 → %4.</source>
        <translation>Bereits trainiert: Die Datei enthält den Adapter mit diesen Einstellungen (%1 Schritte in %2): Validierungs-|Δp| %3 → %4.</translation>
    </message>
    <message>
        <source>Finished %1 steps in %2: validation |Δp| %3 → %4.</source>
        <translation>%1 Schritte in %2 abgeschlossen: Validierungs-|Δp| %3 → %4.</translation>
    </message>
    <message>
        <source>%1 tokens in all · adapter written to %2</source>
        <translation>%1 Tokens insgesamt · Adapter nach %2 geschrieben</translation>
    </message>
    <message>
        <source>at step %1 of %2</source>
        <translation>bei Schritt %1 von %2</translation>
    </message>
    <message>
        <source>Paused %1; the checkpoint is saved. Resume continues from it.</source>
        <translation>Pausiert %1; der Checkpoint ist gespeichert. „Fortsetzen“ macht dort weiter.</translation>
    </message>
    <message>
        <source>Cancelled %1; the checkpoint is kept, so Resume (or a later run with the same settings) continues from it.</source>
        <translation>Abgebrochen %1; der Checkpoint bleibt erhalten, sodass „Fortsetzen“ (oder ein späterer Lauf mit denselben Einstellungen) dort weitermacht.</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Fortsetzen</translation>
    </message>
    <message>
        <source>Training stopped with an error.</source>
        <translation>Das Training wurde mit einem Fehler beendet.</translation>
    </message>
    <message>
        <source>Pausing (writing a checkpoint)…</source>
        <translation>Pausiere (Checkpoint wird geschrieben)…</translation>
    </message>
    <message>
        <source>Cancelling after the current step…</source>
        <translation>Abbruch nach dem aktuellen Schritt…</translation>
    </message>
</context>
<context>
    <name>focus::widgets::TrainingShapePage</name>
    <message>
        <source>Model shape</source>
        <translation>Modellstruktur</translation>
    </message>
    <message>
        <source>The model to train from scratch: a transformer (width, depth, attention heads, SwiGLU width) or a StripedHyena 2 hybrid from an Evo 2 config file; the context it is trained at, k-mer input tables.</source>
        <translation>Das von Grund auf zu trainierende Modell: ein Transformer (Breite, Tiefe, Attention-Heads, SwiGLU-Breite) oder ein Hybridmodell StripedHyena 2 aus einer Konfigurationsdatei von Evo 2; der Kontext, mit dem es trainiert wird, k-mer-Eingabetabellen.</translation>
    </message>
    <message>
        <source>Transformer</source>
        <translation>Transformer</translation>
    </message>
    <message>
        <source>StripedHyena 2 (Evo 2 config file)</source>
        <translation>StripedHyena 2 (Konfigurationsdatei von Evo 2)</translation>
    </message>
    <message>
        <source>an Evo 2 YAML config, e.g. configs/demo-hybrid.yml</source>
        <translation>eine YAML-Konfiguration von Evo 2, z. B. configs/demo-hybrid.yml</translation>
    </message>
    <message>
        <source>Evo 2&apos;s own keys (hidden_size, num_layers, attn_layer_idxs, hcs/hcm/hcl_layer_idxs, …); max_seqlen becomes the trained context below.</source>
        <translation>Die eigenen Schlüssel von Evo 2 (hidden_size, num_layers, attn_layer_idxs, hcs/hcm/hcl_layer_idxs, …); max_seqlen wird zum unten angegebenen trainierten Kontext.</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <source>Fewer KV heads than attention heads is grouped-query attention.</source>
        <translation>Weniger KV-Heads als Attention-Heads ergibt Grouped-Query-Attention.</translation>
    </message>
    <message>
        <source> bases</source>
        <translation> Basen</translation>
    </message>
    <message>
        <source>K:WIDTH,… — a 4^K-row table per k-mer size, projected to the model width when narrower; K alone is a table of the model&apos;s width; empty for none.</source>
        <translation>K:WIDTH,… — eine Tabelle mit 4^K Zeilen pro k-mer-Größe, auf die Modellbreite projiziert, wenn sie schmaler ist; K allein ist eine Tabelle in Modellbreite; leer für keine.</translation>
    </message>
    <message>
        <source>Architecture:</source>
        <translation>Architektur:</translation>
    </message>
    <message>
        <source>Evo 2 config:</source>
        <translation>Konfiguration (Evo 2):</translation>
    </message>
    <message>
        <source>Width (dim):</source>
        <translation>Breite (dim):</translation>
    </message>
    <message>
        <source>Layers:</source>
        <translation>Schichten:</translation>
    </message>
    <message>
        <source>Attention heads:</source>
        <translation>Attention-Heads:</translation>
    </message>
    <message>
        <source>KV heads:</source>
        <translation>KV-Heads:</translation>
    </message>
    <message>
        <source>MLP hidden width:</source>
        <translation>Verborgene MLP-Breite:</translation>
    </message>
    <message>
        <source>Trained context:</source>
        <translation>Trainierter Kontext:</translation>
    </message>
    <message>
        <source>k-mer tables:</source>
        <translation>k-mer-Tabellen:</translation>
    </message>
    <message>
        <source>Evo 2 config</source>
        <translation>Konfiguration (Evo 2)</translation>
    </message>
    <message>
        <source>Evo 2 configs (*.yml *.yaml);;All files (*)</source>
        <translation>Konfigurationen von Evo 2 (*.yml *.yaml);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>%1 · %2 parameters</source>
        <translation>%1 · %2 Parameter</translation>
    </message>
    <message>
        <source>%1 parameters · head width %2 · %3 of F16 weights</source>
        <translation>%1 Parameter · Head-Breite %2 · %3 an F16-Gewichten</translation>
    </message>
</context>
<context>
    <name>focus::widgets::TrainingWizard</name>
    <message>
        <source>Train a FOCUS adapter</source>
        <translation>FOCUS-Adapter trainieren</translation>
    </message>
    <message>
        <source>Train a base model</source>
        <translation>Basismodell trainieren</translation>
    </message>
</context>
</TS>
