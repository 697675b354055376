<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>QObject</name>
    <message>
        <source>Choose the folder to write the model into (new, or one holding a checkpoint of this run).</source>
        <translation>选择写入模型的文件夹（新文件夹，或包含本次运行检查点的文件夹）。</translation>
    </message>
    <message>
        <source>%1 is a file; choose a folder for the model.</source>
        <translation>%1 是一个文件；请为模型选择一个文件夹。</translation>
    </message>
    <message>
        <source>The folder %1 does not exist (the model&apos;s folder is created in it).</source>
        <translation>文件夹 %1 不存在（模型文件夹将创建在其中）。</translation>
    </message>
    <message>
        <source>Cannot write to %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <source>%1 will be created.</source>
        <translation>将创建 %1。</translation>
    </message>
    <message>
        <source>%1 already holds files but no checkpoint; choose a new or empty folder, or one holding a checkpoint of this run.</source>
        <translation>%1 已包含文件但没有检查点；请选择一个新的或空的文件夹，或包含本次运行检查点的文件夹。</translation>
    </message>
    <message>
        <source>%1 holds a checkpoint of a run with other settings (%2 differ); use the same settings to resume it, or choose another folder.</source>
        <translation>%1 包含一次使用其他设置的运行的检查点（%2 不同）；请使用相同的设置以继续该运行，或选择其他文件夹。</translation>
    </message>
    <message>
        <source>A checkpoint of this run is there (next step %1 of %2): training resumes from it.</source>
        <translation>此处有本次运行的检查点（下一步为第 %1 步，共 %2 步）：训练将从该检查点继续。</translation>
    </message>
    <message>
        <source>%1 (delete it to start over, or choose another folder)</source>
        <translation>%1（删除它以重新开始，或选择其他文件夹）</translation>
    </message>
</context>
<context>
    <name>focus::widgets::CommandPort</name>
    <message>
        <source>cannot listen on 127.0.0.1:%1: %2</source>
        <translation>无法在 127.0.0.1:%1 上监听：%2</translation>
    </message>
    <message>
        <source>no private folder for the command port&apos;s token: %1</source>
        <translation>没有用于存放命令端口令牌的私有文件夹：%1</translation>
    </message>
    <message>
        <source>cannot write the command port&apos;s token: %1</source>
        <translation>无法写入命令端口令牌：%1</translation>
    </message>
</context>
<context>
    <name>focus::widgets::ComparisonPanel</name>
    <message>
        <source>FOCUS vs %1</source>
        <translation>FOCUS 对比 %1</translation>
    </message>
    <message>
        <source>FOCUS</source>
        <translation>FOCUS</translation>
    </message>
    <message>
        <source>baseline</source>
        <translation>基线</translation>
    </message>
    <message>
        <source>FOCUS vs baseline</source>
        <translation>FOCUS 对比基线</translation>
    </message>
    <message>
        <source>no comparison yet: score FOCUS and a baseline over the same region</source>
        <translation>尚无比较：请在同一区域上分别用 FOCUS 和基线评分</translation>
    </message>
    <message>
        <source>position %1 · reference %2</source>
        <translation>位置 %1 · 参考 %2</translation>
    </message>
    <message>
        <source>hover over a base to compare its probabilities</source>
        <translation>将鼠标悬停在碱基上以比较其概率</translation>
    </message>
</context>
<context>
    <name>focus::widgets::LocusBar</name>
    <message>
        <source>Locus or gene, e.g. 20:5,075,001-5,125,000 or TMEM230</source>
        <translation>位点或基因，例如 20:5,075,001-5,125,000 或 TMEM230</translation>
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
        <translation>已取消</translation>
    </message>
    <message>
        <source>Memory</source>
        <translation>内存</translation>
    </message>
    <message>
        <source>FOCUS vs baseline</source>
        <translation>FOCUS 对比基线</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Stop scoring (Esc)</source>
        <translation>停止评分（Esc）</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>Open &amp;FASTA…</source>
        <translation>打开 FASTA(&amp;F)…</translation>
    </message>
    <message>
        <source>Open &amp;model…</source>
        <translation>打开模型(&amp;M)…</translation>
    </message>
    <message>
        <source>Open FOCUS &amp;adapter…</source>
        <translation>打开 FOCUS 适配器(&amp;A)…</translation>
    </message>
    <message>
        <source>Open a&amp;nnotations (BED, GFF3, GTF, bigBed)…</source>
        <translation>打开注释（BED、GFF3、GTF、bigBed）(&amp;N)…</translation>
    </message>
    <message>
        <source>Open a &amp;track (bedGraph, bigWig)…</source>
        <translation>打开轨道（bedGraph、bigWig）(&amp;T)…</translation>
    </message>
    <message>
        <source>Open &amp;variants (VCF, BCF)…</source>
        <translation>打开变异（VCF、BCF）(&amp;V)…</translation>
    </message>
    <message>
        <source>Open from &amp;URL…</source>
        <translation>从 URL 打开(&amp;U)…</translation>
    </message>
    <message>
        <source>Open from URL</source>
        <translation>从 URL 打开</translation>
    </message>
    <message>
        <source>http(s) or ftp URL of a FASTA, bigWig, bigBed, BED, GFF3, GTF or VCF file
(indexes are read from beside it: .fai/.gzi, .tbi/.csi):</source>
        <translation>FASTA、bigWig、bigBed、BED、GFF3、GTF 或 VCF 文件的 http(s) 或 ftp URL
（索引从其旁边读取：.fai/.gzi、.tbi/.csi）：</translation>
    </message>
    <message>
        <source>&amp;Recent files</source>
        <translation>最近的文件(&amp;R)</translation>
    </message>
    <message>
        <source>Open &amp;session…</source>
        <translation>打开会话(&amp;S)…</translation>
    </message>
    <message>
        <source>&amp;Save session…</source>
        <translation>保存会话(&amp;S)…</translation>
    </message>
    <message>
        <source>Save session</source>
        <translation>保存会话</translation>
    </message>
    <message>
        <source>Sessions (*.json)</source>
        <translation>会话 (*.json)</translation>
    </message>
    <message>
        <source>Wrote %1</source>
        <translation>已写入 %1</translation>
    </message>
    <message>
        <source>Export FOCUS track as &amp;bedGraph…</source>
        <translation>将 FOCUS 轨道导出为 bedGraph(&amp;B)…</translation>
    </message>
    <message>
        <source>Export bedGraph</source>
        <translation>导出 bedGraph</translation>
    </message>
    <message>
        <source>bedGraph (*.bedGraph *.bedgraph *.bg)</source>
        <translation>bedGraph (*.bedGraph *.bedgraph *.bg)</translation>
    </message>
    <message>
        <source>Export baseline track as bedGraph…</source>
        <translation>将基线轨道导出为 bedGraph…</translation>
    </message>
    <message>
        <source>Export FOCUS track as big&amp;Wig…</source>
        <translation>将 FOCUS 轨道导出为 bigWig(&amp;W)…</translation>
    </message>
    <message>
        <source>Export bigWig</source>
        <translation>导出 bigWig</translation>
    </message>
    <message>
        <source>bigWig (*.bw *.bigWig)</source>
        <translation>bigWig (*.bw *.bigWig)</translation>
    </message>
    <message>
        <source>Export ISM as four bigWigs…</source>
        <translation>将 ISM 导出为四个 bigWig 文件…</translation>
    </message>
    <message>
        <source>Export ISM (a prefix: PREFIX.A.bw … PREFIX.T.bw)</source>
        <translation>导出 ISM（一个前缀：PREFIX.A.bw … PREFIX.T.bw）</translation>
    </message>
    <message>
        <source>bigWig prefix (*)</source>
        <translation>bigWig 前缀 (*)</translation>
    </message>
    <message>
        <source>Save snapshot (PNG, SVG)…</source>
        <translation>保存快照（PNG、SVG）…</translation>
    </message>
    <message>
        <source>Save snapshot</source>
        <translation>保存快照</translation>
    </message>
    <message>
        <source>Images (*.png *.svg)</source>
        <translation>图像 (*.png *.svg)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Navigate</source>
        <translation>导航(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Go to locus or gene…</source>
        <translation>转到位点或基因(&amp;G)…</translation>
    </message>
    <message>
        <source>&amp;Back</source>
        <translation>后退(&amp;B)</translation>
    </message>
    <message>
        <source>&amp;Forward</source>
        <translation>前进(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Score view</source>
        <translation>为视图评分(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Cancel scoring</source>
        <translation>取消评分(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Preferences…</source>
        <translation>首选项(&amp;P)…</translation>
    </message>
    <message>
        <source>&amp;Tools</source>
        <translation>工具(&amp;T)</translation>
    </message>
    <message>
        <source>Score &amp;variants in view</source>
        <translation>为视图中的变异评分(&amp;V)</translation>
    </message>
    <message>
        <source>Every variant in view is scored</source>
        <translation>视图中的每个变异都会被评分</translation>
    </message>
    <message>
        <source>In-silico &amp;mutagenesis of view</source>
        <translation>对视图进行计算机模拟诱变(&amp;M)</translation>
    </message>
    <message>
        <source>Train FOCUS &amp;adapter…</source>
        <translation>训练 FOCUS 适配器(&amp;A)…</translation>
    </message>
    <message>
        <source>Train &amp;base model…</source>
        <translation>训练基础模型(&amp;B)…</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About FOCUS Browser</source>
        <translation>关于 FOCUS Browser(&amp;A)</translation>
    </message>
    <message>
        <source>About FOCUS Browser</source>
        <translation>关于 FOCUS Browser</translation>
    </message>
    <message>
        <source>&lt;b&gt;FOCUS Browser&lt;/b&gt;&lt;br&gt;DNA language-model tracks with FOCUS context compression (arXiv 2511.14694).&lt;br&gt;Model: %1&lt;br&gt;Adapter: %2</source>
        <translation>&lt;b&gt;FOCUS Browser&lt;/b&gt;&lt;br&gt;采用 FOCUS 上下文压缩的 DNA 语言模型轨道（arXiv 2511.14694）。&lt;br&gt;模型：%1&lt;br&gt;适配器：%2</translation>
    </message>
    <message>
        <source>Navigation</source>
        <translation>导航</translation>
    </message>
    <message>
        <source> Baseline: </source>
        <translation> 基线： </translation>
    </message>
    <message>
        <source>full attention</source>
        <translation>全注意力</translation>
    </message>
    <message>
        <source>sliding window</source>
        <translation>滑动窗口</translation>
    </message>
    <message>
        <source>attention sinks</source>
        <translation>注意力汇聚点</translation>
    </message>
    <message>
        <source>What FOCUS is compared with (full: a growing cache; window / sinks: the last W tokens)</source>
        <translation>FOCUS 的比较对象（全注意力：不断增长的缓存；窗口 / 汇聚点：最后 W 个词元）</translation>
    </message>
    <message>
        <source>Command port closed: %1</source>
        <translation>命令端口已关闭：%1</translation>
    </message>
    <message>
        <source>Command port closed</source>
        <translation>命令端口已关闭</translation>
    </message>
    <message>
        <source>Open model directory</source>
        <translation>打开模型目录</translation>
    </message>
    <message>
        <source>Open FASTA</source>
        <translation>打开 FASTA</translation>
    </message>
    <message>
        <source>FASTA (*.fa *.fa.gz *.fasta *.fasta.gz *.fna *.fna.gz)</source>
        <translation>FASTA (*.fa *.fa.gz *.fasta *.fasta.gz *.fna *.fna.gz)</translation>
    </message>
    <message>
        <source>Open FOCUS adapter</source>
        <translation>打开 FOCUS 适配器</translation>
    </message>
    <message>
        <source>Adapters (*.safetensors)</source>
        <translation>适配器 (*.safetensors)</translation>
    </message>
    <message>
        <source>Open annotations</source>
        <translation>打开注释</translation>
    </message>
    <message>
        <source>Annotations (*.bed *.bed.gz *.gff3 *.gff3.gz *.gff *.gff.gz *.gtf *.gtf.gz *.bb *.bigBed *.bigbed)</source>
        <translation>注释 (*.bed *.bed.gz *.gff3 *.gff3.gz *.gff *.gff.gz *.gtf *.gtf.gz *.bb *.bigBed *.bigbed)</translation>
    </message>
    <message>
        <source>Open session</source>
        <translation>打开会话</translation>
    </message>
    <message>
        <source>Open track</source>
        <translation>打开轨道</translation>
    </message>
    <message>
        <source>Tracks (*.bedGraph *.bedgraph *.bg *.bw *.bigWig *.bigwig)</source>
        <translation>轨道 (*.bedGraph *.bedgraph *.bg *.bw *.bigWig *.bigwig)</translation>
    </message>
    <message>
        <source>Open variants</source>
        <translation>打开变异</translation>
    </message>
    <message>
        <source>Variants (*.vcf *.vcf.gz *.bcf)</source>
        <translation>变异 (*.vcf *.vcf.gz *.bcf)</translation>
    </message>
    <message>
        <source>no model</source>
        <translation>无模型</translation>
    </message>
    <message>
        <source> (StripedHyena 2)</source>
        <translation> (StripedHyena 2)</translation>
    </message>
    <message>
        <source> + FOCUS k=%1, window %2</source>
        <translation> + FOCUS k=%1，窗口 %2</translation>
    </message>
    <message>
        <source> + FOCUS training-free, k=%1, window %2</source>
        <translation> + FOCUS 免训练，k=%1，窗口 %2</translation>
    </message>
    <message>
        <source>Could not load the %1: %2</source>
        <translation>无法加载 %1：%2</translation>
    </message>
    <message>
        <source>The view spans %1 bases; zoom in below %2 to score it (Preferences &gt; Scoring)</source>
        <translation>视图跨越 %1 个碱基；请放大到 %2 个碱基以下再评分（首选项 &gt; 评分）</translation>
    </message>
    <message>
        <source>%1, FOCUS and %2</source>
        <translation>%1、FOCUS 和 %2</translation>
    </message>
    <message>
        <source>Scoring %1…</source>
        <translation>正在评分：%1…</translation>
    </message>
    <message>
        <source>Scored %1: FOCUS %2 bits/base, %3 %4 bits/base, %5 s</source>
        <translation>已评分 %1：FOCUS %2 比特/碱基，%3 %4 比特/碱基，用时 %5 秒</translation>
    </message>
    <message>
        <source>Scoring failed: %1</source>
        <translation>评分失败：%1</translation>
    </message>
    <message>
        <source>Scoring cancelled</source>
        <translation>评分已取消</translation>
    </message>
    <message>
        <source>no genome is open</source>
        <translation>未打开基因组</translation>
    </message>
    <message>
        <source>no model is loaded</source>
        <translation>未加载模型</translation>
    </message>
    <message>
        <source>the view is larger than scoring/maxRegionBases</source>
        <translation>视图大于 scoring/maxRegionBases</translation>
    </message>
    <message>
        <source>Loading the new adapter %1</source>
        <translation>正在加载新适配器 %1</translation>
    </message>
    <message>
        <source>Loading the new model %1</source>
        <translation>正在加载新模型 %1</translation>
    </message>
    <message>
        <source>Command port: %1</source>
        <translation>命令端口：%1</translation>
    </message>
    <message>
        <source>no token is asked for (Preferences &gt; Command port)</source>
        <translation>不要求令牌（首选项 &gt; 命令端口）</translation>
    </message>
    <message>
        <source>send &apos;token &lt;TOKEN&gt;&apos; first; the token is in %1</source>
        <translation>请先发送 &apos;token &lt;TOKEN&gt;&apos;；令牌位于 %1</translation>
    </message>
    <message>
        <source>Command port listening on 127.0.0.1:%1; %2</source>
        <translation>命令端口正在 127.0.0.1:%1 上监听；%2</translation>
    </message>
    <message>
        <source>%1: variant score (ALT − REF, nats)</source>
        <translation>%1：变异评分（ALT − REF，nats）</translation>
    </message>
    <message>
        <source>Opened %1 (indexed: records are read for the region in view)</source>
        <translation>已打开 %1（已建索引：按视图中的区域读取记录）</translation>
    </message>
    <message>
        <source>Opened %1: %2 variant records</source>
        <translation>已打开 %1：%2 条变异记录</translation>
    </message>
    <message>
        <source>%1 variant records in %2</source>
        <translation>%2 中的 %1 条变异记录</translation>
    </message>
    <message>
        <source>Scored %1 variant records (%2 alleles) in %3 s</source>
        <translation>已为 %1 条变异记录（%2 个等位基因）评分，用时 %3 秒</translation>
    </message>
    <message>
        <source>; %1 symbolic or non-ACGT alleles skipped</source>
        <translation>；跳过了 %1 个符号或非 ACGT 等位基因</translation>
    </message>
    <message>
        <source>; %1 records could not be scored, the first: %2</source>
        <translation>；%1 条记录无法评分，第一条：%2</translation>
    </message>
    <message>
        <source>in-silico mutagenesis of %1 (%2)</source>
        <translation>%1 的计算机模拟诱变（%2）</translation>
    </message>
    <message>
        <source>FOCUS</source>
        <translation>FOCUS</translation>
    </message>
    <message>
        <source>ISM (%1): ALT − REF, nats</source>
        <translation>ISM（%1）：ALT − REF，nats</translation>
    </message>
    <message>
        <source>In-silico mutagenesis of %1: %2 bases x 3 in %3 s</source>
        <translation>%1 的计算机模拟诱变：%2 个碱基 x 3，用时 %3 秒</translation>
    </message>
</context>
<context>
    <name>focus::widgets::MemoryChart</name>
    <message>
        <source>position (bp)</source>
        <translation>位置（bp）</translation>
    </message>
    <message>
        <source>KV cache</source>
        <translation>KV 缓存</translation>
    </message>
    <message>
        <source>process</source>
        <translation>进程</translation>
    </message>
    <message>
        <source>memory while scoring</source>
        <translation>评分时的内存</translation>
    </message>
    <message>
        <source>peak %1</source>
        <translation>峰值 %1</translation>
    </message>
    <message>
        <source>FOCUS keeps %1 where full attention needs %2 (%3)</source>
        <translation>FOCUS 保留 %1，而全注意力需要 %2（%3）</translation>
    </message>
    <message>
        <source>FOCUS KV</source>
        <translation>FOCUS KV</translation>
    </message>
    <message>
        <source>full attention KV</source>
        <translation>全注意力 KV</translation>
    </message>
    <message>
        <source>sliding window KV</source>
        <translation>滑动窗口 KV</translation>
    </message>
    <message>
        <source>attention sinks KV</source>
        <translation>注意力汇聚点 KV</translation>
    </message>
    <message>
        <source>Hyena state (convolutions)</source>
        <translation>Hyena 状态（卷积）</translation>
    </message>
    <message>
        <source>process RSS</source>
        <translation>进程 RSS</translation>
    </message>
    <message>
        <source>process RSS, %1 run</source>
        <translation>进程 RSS（%1 运行）</translation>
    </message>
    <message>
        <source>CUDA allocated</source>
        <translation>CUDA 已分配</translation>
    </message>
    <message>
        <source>CUDA reserved</source>
        <translation>CUDA 已保留</translation>
    </message>
    <message>
        <source>%1 KV</source>
        <translation>%1 KV</translation>
    </message>
</context>
<context>
    <name>focus::widgets::OptimisationFields</name>
    <message>
        <source>all cores</source>
        <translation>所有核心</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Steps:</source>
        <translation>步数：</translation>
    </message>
    <message>
        <source>Learning rate:</source>
        <translation>学习率：</translation>
    </message>
    <message>
        <source>Warm-up steps:</source>
        <translation>预热步数：</translation>
    </message>
    <message>
        <source>Seed:</source>
        <translation>随机种子：</translation>
    </message>
    <message>
        <source>Device:</source>
        <translation>设备：</translation>
    </message>
    <message>
        <source>Threads:</source>
        <translation>线程数：</translation>
    </message>
    <message>
        <source>Validate every:</source>
        <translation>验证间隔：</translation>
    </message>
    <message>
        <source>Checkpoint every:</source>
        <translation>检查点间隔：</translation>
    </message>
</context>
<context>
    <name>focus::widgets::Preferences</name>
    <message>
        <source>Device (cuda needs a CUDA LibTorch build)</source>
        <translation>设备（cuda 需要支持 CUDA 的 LibTorch 构建）</translation>
    </message>
    <message>
        <source>Where the model runs. cuda needs a LibTorch built with CUDA (the default Debian build is CPU-only) and an NVIDIA GPU.</source>
        <translation>模型的运行位置。cuda 需要使用 CUDA 构建的 LibTorch（Debian 的默认构建仅支持 CPU）以及 NVIDIA GPU。</translation>
    </message>
    <message>
        <source>CPU threads</source>
        <translation>CPU 线程数</translation>
    </message>
    <message>
        <source>Threads LibTorch uses on the CPU; 0 uses all cores but one, which stays with the window so it never stalls while scoring. Values depend slightly on the thread count (float sums in another order): give `focus score --threads` the same number to reproduce them exactly.</source>
        <translation>LibTorch 在 CPU 上使用的线程数；0 表示使用除一个以外的所有核心，留下的核心供程序窗口使用，使其在评分时不会卡顿。结果会因线程数而略有不同（浮点求和的顺序不同）：为 `focus score --threads` 指定相同的数值即可精确复现。</translation>
    </message>
    <message>
        <source>All cores but one</source>
        <translation>除一个以外的所有核心</translation>
    </message>
    <message>
        <source>Precision</source>
        <translation>精度</translation>
    </message>
    <message>
        <source>Floating-point precision of the model. The half precisions fp16 and bf16 run on GPUs only.</source>
        <translation>模型的浮点精度。半精度 fp16 和 bf16 仅在 GPU 上运行。</translation>
    </message>
    <message>
        <source>Prefix bases</source>
        <translation>前缀碱基数</translation>
    </message>
    <message>
        <source>Bases before the view fed to the model as context, so the first bases in view are scored with context; -1 uses the model&apos;s trained context minus one (the CLI&apos;s default).</source>
        <translation>视图之前作为上下文输入模型的碱基数，使视图中最前面的碱基也带上下文评分；-1 表示使用模型的训练上下文减一（CLI 的默认值）。</translation>
    </message>
    <message>
        <source>Model context - 1</source>
        <translation>模型上下文 - 1</translation>
    </message>
    <message>
        <source>Chunk tokens</source>
        <translation>分块词元数</translation>
    </message>
    <message>
        <source>Tokens per forward pass; smaller chunks use less memory, larger ones run faster.</source>
        <translation>每次前向传播的词元数；分块越小占用内存越少，越大运行越快。</translation>
    </message>
    <message>
        <source>Score the view automatically</source>
        <translation>自动为视图评分</translation>
    </message>
    <message>
        <source>Re-score the view whenever it changes, if it is no wider than the largest region below.</source>
        <translation>每当视图变化时重新评分，前提是视图不宽于下方设置的最大区域。</translation>
    </message>
    <message>
        <source>Largest region scored automatically</source>
        <translation>自动评分的最大区域</translation>
    </message>
    <message>
        <source>Views wider than this many bases are not scored automatically.</source>
        <translation>宽于此碱基数的视图不会自动评分。</translation>
    </message>
    <message>
        <source>Bases per summary (k)</source>
        <translation>每个摘要的碱基数（k）</translation>
    </message>
    <message>
        <source>Bases each FOCUS summary token stands for; 0 uses the value the adapter was trained with.</source>
        <translation>每个 FOCUS 摘要词元代表的碱基数；0 表示使用适配器训练时的值。</translation>
    </message>
    <message>
        <source>Adapter&apos;s</source>
        <translation>适配器的值</translation>
    </message>
    <message>
        <source>Window bases</source>
        <translation>窗口碱基数</translation>
    </message>
    <message>
        <source>Bases per FOCUS window; 0 uses the adapter&apos;s.</source>
        <translation>每个 FOCUS 窗口的碱基数；0 表示使用适配器的值。</translation>
    </message>
    <message>
        <source>Preset</source>
        <translation>预设</translation>
    </message>
    <message>
        <source>The FOCUS settings to start from: recommended (the adapter&apos;s recommendation, else best; the demo adapter recommends best plus its trained correction of the entries), best (the best training-free setting: kmer_mean entries with the variance mass term, a reach of the trained context, bases positions, hidden window summaries, 3/10 of the window carried), paper (the paper&apos;s configuration) or trained (what the adapter was trained with). The settings below override it unless they say adapter.</source>
        <translation>作为起点的 FOCUS 设置：recommended（适配器推荐的设置，若无则为 best；演示适配器推荐 best 加上其训练得到的条目校正）、best（最佳免训练设置：带方差质量项的 kmer_mean 条目、覆盖范围为训练上下文、bases 位置、hidden 窗口摘要、携带窗口的 3/10）、paper（论文中的配置）或 trained（适配器训练时所用的设置）。下方的设置会覆盖它，除非其值为 adapter。</translation>
    </message>
    <message>
        <source>Carry bases</source>
        <translation>携带碱基数</translation>
    </message>
    <message>
        <source>Bases at the end of a window whose keys and values are carried into the next one; -1 uses the preset&apos;s, 0 carries none.</source>
        <translation>窗口末尾的碱基数，这些碱基的键和值会被携带到下一个窗口；-1 表示使用预设的值，0 表示不携带。</translation>
    </message>
    <message>
        <source>Preset&apos;s</source>
        <translation>预设的值</translation>
    </message>
    <message>
        <source>Entries</source>
        <translation>条目</translation>
    </message>
    <message>
        <source>What a closed window keeps per summary: the summary token&apos;s keys and values (summary, the paper), or the mean of its k bases&apos; keys and values attended with a log k bias (kmer_mean, ours, needs no training); adapter uses the preset&apos;s setting.</source>
        <translation>已关闭的窗口为每个摘要保留的内容：摘要词元的键和值（summary，论文方法），或其 k 个碱基的键和值的均值，并以 log k 偏置参与注意力（kmer_mean，我们的方法，无需训练）；adapter 表示使用预设的设置。</translation>
    </message>
    <message>
        <source>Entry reach (tokens)</source>
        <translation>条目覆盖范围（词元）</translation>
    </message>
    <message>
        <source>Summaries further back than this many tokens are no longer seen, and are dropped from memory; the model&apos;s trained context is a natural choice. -1 uses the preset&apos;s, 0 no limit (the paper).</source>
        <translation>距离超过此词元数的摘要将不再可见，并从内存中丢弃；模型的训练上下文是自然的选择。-1 表示使用预设的值，0 表示不限制（论文方法）。</translation>
    </message>
    <message>
        <source>Positions</source>
        <translation>位置</translation>
    </message>
    <message>
        <source>Rotary positions of FOCUS&apos;s tokens: entries first (compact, compact_capped), every token at its place in the stream (stream), or at the number of bases up to it, so distances between bases are the base model&apos;s own (bases, ours); adapter uses the preset&apos;s setting.</source>
        <translation>FOCUS 词元的旋转位置：条目在前（compact、compact_capped），每个词元位于其在流中的位置（stream），或位于到该词元为止的碱基数处，使碱基之间的距离与基础模型自身一致（bases，我们的方法）；adapter 表示使用预设的设置。</translation>
    </message>
    <message>
        <source>Window summaries</source>
        <translation>窗口摘要</translation>
    </message>
    <message>
        <source>Whether a base attends to the summary tokens of its own window (seen, the paper) or only to bases and kept entries (hidden, ours); adapter uses the preset&apos;s setting.</source>
        <translation>碱基是关注其所在窗口的摘要词元（seen，论文方法），还是只关注碱基和保留的条目（hidden，我们的方法）；adapter 表示使用预设的设置。</translation>
    </message>
    <message>
        <source>Baseline</source>
        <translation>基线</translation>
    </message>
    <message>
        <source>What FOCUS is compared with: full attention (every key kept), a sliding window, or attention sinks (the first tokens plus a sliding window, as in StreamingLLM).</source>
        <translation>FOCUS 的比较对象：全注意力（保留每个键）、滑动窗口，或注意力汇聚点（最前面的词元加上滑动窗口，如 StreamingLLM）。</translation>
    </message>
    <message>
        <source>Window tokens</source>
        <translation>窗口词元数</translation>
    </message>
    <message>
        <source>Keys the sliding-window and sinks baselines keep; 0 uses the model&apos;s trained context.</source>
        <translation>滑动窗口基线和汇聚点基线保留的键数；0 表示使用模型的训练上下文。</translation>
    </message>
    <message>
        <source>Model context</source>
        <translation>模型上下文</translation>
    </message>
    <message>
        <source>Sink tokens</source>
        <translation>汇聚点词元数</translation>
    </message>
    <message>
        <source>First tokens the attention-sinks baseline always keeps.</source>
        <translation>注意力汇聚点基线始终保留的最前面的词元数。</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>方法</translation>
    </message>
    <message>
        <source>window: Evo 2&apos;s method, a window of W bases centred on the variant scored under both alleles (equal lengths for indels), mean over the window; causal: only the allele and the bases after it given the shared left context (cheaper; indels are not length-matched).</source>
        <translation>window：Evo 2 的方法，以变异为中心取 W 个碱基的窗口，在两个等位基因下分别评分（indel 保持长度相等），取窗口内的均值；causal：在共享的左侧上下文条件下，只对等位基因及其后的碱基评分（开销更小；indel 不做长度匹配）。</translation>
    </message>
    <message>
        <source>Window (bases)</source>
        <translation>窗口（碱基）</translation>
    </message>
    <message>
        <source>W of the window method; 0 uses the model&apos;s trained context.</source>
        <translation>window 方法的 W；0 表示使用模型的训练上下文。</translation>
    </message>
    <message>
        <source>Causal context (bases)</source>
        <translation>因果上下文（碱基）</translation>
    </message>
    <message>
        <source>Left context of the causal method; 0: the trained context less the scored bases.</source>
        <translation>causal 方法的左侧上下文；0：训练上下文减去被评分的碱基。</translation>
    </message>
    <message>
        <source>Causal bases after</source>
        <translation>后续碱基数（因果）</translation>
    </message>
    <message>
        <source>Bases after the allele that the causal method scores.</source>
        <translation>causal 方法评分的等位基因之后的碱基数。</translation>
    </message>
    <message>
        <source>Average both strands</source>
        <translation>对两条链取平均</translation>
    </message>
    <message>
        <source>Average each score with the reverse strand&apos;s (twice the work).</source>
        <translation>将每个评分与反向链的评分取平均（工作量加倍）。</translation>
    </message>
    <message>
        <source>Largest ISM view (bases)</source>
        <translation>最大 ISM 视图（碱基）</translation>
    </message>
    <message>
        <source>In-silico mutagenesis scores 3 substitutions per base; views wider than this are refused.</source>
        <translation>计算机模拟诱变对每个碱基评估 3 种替换；宽于此值的视图将被拒绝。</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>The language of menus, dialogs and messages, from the next start: system follows the desktop&apos;s locale (English where no translation exists); en, de (German), zh_CN (Simplified Chinese). Messages from the engine (file errors) stay in English.</source>
        <translation>菜单、对话框和消息的语言，下次启动时生效：system 跟随桌面的区域设置（没有翻译时使用英语）；en、de（德语）、zh_CN（简体中文）。来自引擎的消息（文件错误）保持英文。</translation>
    </message>
    <message>
        <source>Colour of A</source>
        <translation>A 的颜色</translation>
    </message>
    <message>
        <source>Colour of A in the sequence and probability tracks.</source>
        <translation>A 在序列轨道和概率轨道中的颜色。</translation>
    </message>
    <message>
        <source>Colour of C</source>
        <translation>C 的颜色</translation>
    </message>
    <message>
        <source>Colour of C in the sequence and probability tracks.</source>
        <translation>C 在序列轨道和概率轨道中的颜色。</translation>
    </message>
    <message>
        <source>Colour of G</source>
        <translation>G 的颜色</translation>
    </message>
    <message>
        <source>Colour of G in the sequence and probability tracks.</source>
        <translation>G 在序列轨道和概率轨道中的颜色。</translation>
    </message>
    <message>
        <source>Colour of T</source>
        <translation>T 的颜色</translation>
    </message>
    <message>
        <source>Colour of T in the sequence and probability tracks.</source>
        <translation>T 在序列轨道和概率轨道中的颜色。</translation>
    </message>
    <message>
        <source>Delta above zero</source>
        <translation>Δ 大于零</translation>
    </message>
    <message>
        <source>Colour of positive delta values.</source>
        <translation>正 Δ 值的颜色。</translation>
    </message>
    <message>
        <source>Delta below zero</source>
        <translation>Δ 小于零</translation>
    </message>
    <message>
        <source>Colour of negative delta values.</source>
        <translation>负 Δ 值的颜色。</translation>
    </message>
    <message>
        <source>Delta measure</source>
        <translation>Δ 度量</translation>
    </message>
    <message>
        <source>How the delta track compares a run with full attention: dp_ref (change in the reference base&apos;s probability), kl (KL divergence from full attention, bits) or delta_nll (bits per base lost on the reference base).</source>
        <translation>Δ 轨道将一次运行与全注意力比较的方式：dp_ref（参考碱基概率的变化）、kl（相对于全注意力的 KL 散度，比特）或 delta_nll（在参考碱基上损失的比特/碱基）。</translation>
    </message>
    <message>
        <source>Samples per second</source>
        <translation>每秒采样次数</translation>
    </message>
    <message>
        <source>How often the memory chart samples resident memory and KV-cache bytes.</source>
        <translation>内存图表对常驻内存和 KV 缓存字节数的采样频率。</translation>
    </message>
    <message>
        <source>Listen for batch commands</source>
        <translation>监听批处理命令</translation>
    </message>
    <message>
        <source>Accept IGV-style batch commands on a TCP port of this computer (localhost only).</source>
        <translation>在本机的 TCP 端口上接受 IGV 风格的批处理命令（仅限 localhost）。</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>端口</translation>
    </message>
    <message>
        <source>TCP port for batch commands (IGV&apos;s is 60151).</source>
        <translation>批处理命令的 TCP 端口（IGV 的为 60151）。</translation>
    </message>
    <message>
        <source>Ask clients for the token</source>
        <translation>要求客户端提供令牌</translation>
    </message>
    <message>
        <source>A client&apos;s first line must be &apos;token &lt;TOKEN&gt;&apos;. The token is new each time the port opens and lies in $XDG_RUNTIME_DIR/focus-browser/port-&lt;PORT&gt;.token, which only you can read, so other accounts on this computer cannot send commands. Turn off only where no one else logs in.</source>
        <translation>客户端的第一行必须是 &apos;token &lt;TOKEN&gt;&apos;。每次打开端口时令牌都会重新生成，存放在 $XDG_RUNTIME_DIR/focus-browser/port-&lt;PORT&gt;.token 中，该文件只有您能读取，因此本机上的其他账户无法发送命令。仅当没有其他人登录本机时才关闭此选项。</translation>
    </message>
    <message>
        <source>Idle timeout (seconds)</source>
        <translation>空闲超时（秒）</translation>
    </message>
    <message>
        <source>A connection that sends no command for this long is closed (time a command of its runs does not count). At most 8 connections are served at once.</source>
        <translation>在此时长内未发送任何命令的连接将被关闭（其命令运行的时间不计入）。最多同时服务 8 个连接。</translation>
    </message>
    <message>
        <source>Export folder</source>
        <translation>导出文件夹</translation>
    </message>
    <message>
        <source>Where snapshot and exportBedGraph from the port write: relative names go here (or into the folder snapshotDirectory picks inside it) and paths outside it are refused. Empty: ~/Documents/FOCUS Browser.</source>
        <translation>来自端口的 snapshot 和 exportBedGraph 的写入位置：相对名称写入此处（或写入 snapshotDirectory 在其中选定的文件夹），此文件夹之外的路径将被拒绝。留空：~/Documents/FOCUS Browser。</translation>
    </message>
    <message>
        <source>~/Documents/FOCUS Browser</source>
        <translation>~/Documents/FOCUS Browser</translation>
    </message>
    <message>
        <source>Let port commands write anywhere</source>
        <translation>允许端口命令写入任意位置</translation>
    </message>
    <message>
        <source>snapshot, exportBedGraph and snapshotDirectory from the port may name any path this account can write, not only inside the export folder.</source>
        <translation>来自端口的 snapshot、exportBedGraph 和 snapshotDirectory 可以指定此账户可写入的任意路径，而不仅限于导出文件夹内。</translation>
    </message>
    <message>
        <source>Autosave the session</source>
        <translation>自动保存会话</translation>
    </message>
    <message>
        <source>Keep the current session (genome, model, tracks, locus) saved in the application data folder.</source>
        <translation>将当前会话（基因组、模型、轨道、位点）保存在应用程序数据文件夹中。</translation>
    </message>
    <message>
        <source>Restore the last session on start</source>
        <translation>启动时恢复上次的会话</translation>
    </message>
    <message>
        <source>Reopen the autosaved session when the browser starts.</source>
        <translation>浏览器启动时重新打开自动保存的会话。</translation>
    </message>
    <message>
        <source>Scoring</source>
        <translation>评分</translation>
    </message>
    <message>
        <source>FOCUS</source>
        <translation>FOCUS</translation>
    </message>
    <message>
        <source>Variants</source>
        <translation>变异</translation>
    </message>
    <message>
        <source>View</source>
        <translation>视图</translation>
    </message>
    <message>
        <source>Memory</source>
        <translation>内存</translation>
    </message>
    <message>
        <source>Command port</source>
        <translation>命令端口</translation>
    </message>
    <message>
        <source>Session</source>
        <translation>会话</translation>
    </message>
</context>
<context>
    <name>focus::widgets::PreferencesDialog</name>
    <message>
        <source>Preferences</source>
        <translation>首选项</translation>
    </message>
    <message>
        <source>Hover over a setting for what it does.</source>
        <translation>将鼠标悬停在设置上可查看其作用。</translation>
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
        <translation>根据视图中的值</translation>
    </message>
    <message>
        <source>none (own range)</source>
        <translation>无（独立范围）</translation>
    </message>
    <message>
        <source>Tracks with the same group name share one autoscaled range</source>
        <translation>组名相同的轨道共享同一个自动缩放范围</translation>
    </message>
    <message>
        <source>Mean</source>
        <translation>平均值</translation>
    </message>
    <message>
        <source>Maximum</source>
        <translation>最大值</translation>
    </message>
    <message>
        <source>Minimum</source>
        <translation>最小值</translation>
    </message>
    <message>
        <source>P(reference base)</source>
        <translation>P(参考碱基)</translation>
    </message>
    <message>
        <source>Sequence logo</source>
        <translation>序列标识图</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>Height</source>
        <translation>高度</translation>
    </message>
    <message>
        <source>Autoscale</source>
        <translation>自动缩放</translation>
    </message>
    <message>
        <source>Autoscale group</source>
        <translation>自动缩放组</translation>
    </message>
    <message>
        <source>Window function</source>
        <translation>窗口函数</translation>
    </message>
    <message>
        <source>Colour</source>
        <translation>颜色</translation>
    </message>
    <message>
        <source>Style</source>
        <translation>样式</translation>
    </message>
    <message>
        <source>Delta measure</source>
        <translation>Δ 度量</translation>
    </message>
</context>
<context>
    <name>focus::widgets::TrackView</name>
    <message>
        <source>baseline</source>
        <translation>基线</translation>
    </message>
    <message>
        <source>not scored</source>
        <translation>未评分</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Region %1%2</source>
        <translation>区域 %1%2</translation>
    </message>
</context>
<context>
    <name>focus::widgets::TrainingBaseOptimisationPage</name>
    <message>
        <source>Optimisation</source>
        <translation>优化</translation>
    </message>
    <message>
        <source>AdamW with warm-up and cosine decay. The context schedule CONTEXT:BATCH[@FRACTION],… trains short windows first and ends at the model&apos;s trained context, e.g. 1024:8,2048:4@0.85.</source>
        <translation>使用带预热和余弦衰减的 AdamW。上下文调度 CONTEXT:BATCH[@FRACTION],… 先训练短窗口，最后达到模型的训练上下文，例如 1024:8,2048:4@0.85。</translation>
    </message>
    <message>
        <source>Context schedule:</source>
        <translation>上下文调度：</translation>
    </message>
    <message>
        <source>Model folder:</source>
        <translation>模型文件夹：</translation>
    </message>
    <message>
        <source>Model folder</source>
        <translation>模型文件夹</translation>
    </message>
    <message>
        <source>The model shape is invalid (see the first page).</source>
        <translation>模型结构无效（见第一页）。</translation>
    </message>
    <message>
        <source>The context schedule ends at %1 bases but the model&apos;s trained context is %2: the last phase trains at the trained context.</source>
        <translation>上下文调度结束于 %1 个碱基，但模型的训练上下文为 %2：最后一个阶段将按训练上下文进行训练。</translation>
    </message>
    <message>
        <source>The %1 regions hold %2 usable bases; a window of %3 bases (with its k-mer history) needs %4.</source>
        <translation>%1区域包含 %2 个可用碱基；一个 %3 碱基的窗口（含其 k-mer 历史）需要 %4 个。</translation>
    </message>
    <message>
        <source>training</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>validation</source>
        <translation>验证</translation>
    </message>
</context>
<context>
    <name>focus::widgets::TrainingBaseResultPage</name>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Final losses of the trained model; validation is on the held-out regions at the trained context.</source>
        <translation>已训练模型的最终损失；验证在留出区域上以训练上下文进行。</translation>
    </message>
    <message>
        <source>Load into browser</source>
        <translation>加载到浏览器</translation>
    </message>
    <message>
        <source>Loaded %1 into the browser.</source>
        <translation>已将 %1 加载到浏览器。</translation>
    </message>
    <message>
        <source>Trained %1 steps (%2 tokens in %3).
Final training loss %4 bits/base; validation %5 bits/base at context %6.
The model is %7 (config.json + model.safetensors): %8.</source>
        <translation>已训练 %1 步（%2 个词元，用时 %3）。
最终训练损失 %4 比特/碱基；在上下文 %6 下的验证损失 %5 比特/碱基。
模型位于 %7（config.json + model.safetensors）：%8。</translation>
    </message>
</context>
<context>
    <name>focus::widgets::TrainingCompressionPage</name>
    <message>
        <source>Compression</source>
        <translation>压缩</translation>
    </message>
    <message>
        <source>One summary token after every k bases; across windows only the summaries&apos; K/V are kept.</source>
        <translation>每 k 个碱基后插入一个摘要词元；跨窗口时只保留摘要的 K/V。</translation>
    </message>
    <message>
        <source>Correction of k-mer mean entries (recommended)</source>
        <translation>校正 k-mer 均值条目（推荐）</translation>
    </message>
    <message>
        <source>Summary tokens (the paper)</source>
        <translation>摘要词元（论文方法）</translation>
    </message>
    <message>
        <source>Correction: each closed window keeps the mean K/V of every k bases (training-free, the best measured setting) and the adapter learns a small correction of them, starting from zero, so training starts at the best setting and can only improve on it. Summary tokens: the paper&apos;s adapter, whose trained summaries measured worse than the training-free means here.</source>
        <translation>校正：每个已关闭的窗口保留每 k 个碱基的平均 K/V（免训练，实测最佳的设置），适配器从零开始学习对其进行小幅校正，因此训练从最佳设置起步，只会在其基础上改进。摘要词元：论文中的适配器，其训练得到的摘要在此处实测效果不如免训练的均值。</translation>
    </message>
    <message>
        <source> bases</source>
        <translation> 碱基</translation>
    </message>
    <message>
        <source>Draw k per training step from:</source>
        <translation>每个训练步从以下值中抽取 k：</translation>
    </message>
    <message>
        <source>Training at several k lets one adapter serve all of them.</source>
        <translation>在多个 k 上训练可使一个适配器适用于所有这些 k。</translation>
    </message>
    <message>
        <source>Train:</source>
        <translation>训练：</translation>
    </message>
    <message>
        <source>k (bases per summary):</source>
        <translation>k（每个摘要的碱基数）：</translation>
    </message>
    <message>
        <source>Window:</source>
        <translation>窗口：</translation>
    </message>
    <message>
        <source>Memory estimate at:</source>
        <translation>内存估算长度：</translation>
    </message>
    <message>
        <source>(choose a base model for the memory estimate)</source>
        <translation>（请选择基础模型以估算内存）</translation>
    </message>
</context>
<context>
    <name>focus::widgets::TrainingDataPage</name>
    <message>
        <source>Training data</source>
        <translation>训练数据</translation>
    </message>
    <message>
        <source>Regions to train on and held-out regions to validate on, from one genome. Locus lists as in the browser, separated by commas: chr1:1-1,000,000,chr2:5,000-90,000.</source>
        <translation>来自同一基因组的训练区域和用于验证的留出区域。位点列表格式与浏览器中相同，以逗号分隔：chr1:1-1,000,000,chr2:5,000-90,000。</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>e.g. 20:30,000,001-34,000,000, or: all contigs except 21, 22</source>
        <translation>例如 20:30,000,001-34,000,000，或：all contigs except 21, 22</translation>
    </message>
    <message>
        <source>e.g. 20:50,000,001-51,000,000 (must not overlap the training regions)</source>
        <translation>例如 20:50,000,001-51,000,000（不得与训练区域重叠）</translation>
    </message>
    <message>
        <source>Genome FASTA:</source>
        <translation>基因组 FASTA：</translation>
    </message>
    <message>
        <source>Training regions:</source>
        <translation>训练区域：</translation>
    </message>
    <message>
        <source>Validation regions:</source>
        <translation>验证区域：</translation>
    </message>
    <message>
        <source>Genome FASTA</source>
        <translation>基因组 FASTA</translation>
    </message>
    <message>
        <source>FASTA (*.fa *.fasta *.fna *.fa.gz *.fasta.gz *.fna.gz);;All files (*)</source>
        <translation>FASTA (*.fa *.fasta *.fna *.fa.gz *.fasta.gz *.fna.gz);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>正在检查…</translation>
    </message>
    <message>
        <source>Training: %1 regions, %2 bases, %3 usable (A/C/G/T)
Validation: %4 regions, %5 bases, %6 usable</source>
        <translation>训练：%1 个区域，%2 个碱基，%3 个可用（A/C/G/T）
验证：%4 个区域，%5 个碱基，%6 个可用</translation>
    </message>
</context>
<context>
    <name>focus::widgets::TrainingModelPage</name>
    <message>
        <source>Base model</source>
        <translation>基础模型</translation>
    </message>
    <message>
        <source>The frozen DNA language model the adapter learns to compress for.</source>
        <translation>冻结的 DNA 语言模型，适配器学习为其进行压缩。</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Model directory:</source>
        <translation>模型目录：</translation>
    </message>
    <message>
        <source>Base model directory</source>
        <translation>基础模型目录</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>正在检查…</translation>
    </message>
</context>
<context>
    <name>focus::widgets::TrainingOptimisationPage</name>
    <message>
        <source>Optimisation</source>
        <translation>优化</translation>
    </message>
    <message>
        <source>AdamW with warm-up and a cosine schedule; the base model stays frozen.</source>
        <translation>使用带预热和余弦调度的 AdamW；基础模型保持冻结。</translation>
    </message>
    <message>
        <source>Windows per training sample: gradients flow through the summaries across them.</source>
        <translation>每个训练样本的窗口数：梯度通过摘要在这些窗口之间传播。</translation>
    </message>
    <message>
        <source>Weight of KL(base model || FOCUS): 0 trains on next-base cross-entropy only.</source>
        <translation>KL(基础模型 || FOCUS) 的权重：为 0 时仅使用下一碱基交叉熵进行训练。</translation>
    </message>
    <message>
        <source>Measure speed</source>
        <translation>测量速度</translation>
    </message>
    <message>
        <source>Trains a throw-away copy for %1 steps with these settings and estimates the run time.</source>
        <translation>使用这些设置训练一个临时副本 %1 步，并估算运行时间。</translation>
    </message>
    <message>
        <source>Windows per sample:</source>
        <translation>每个样本的窗口数：</translation>
    </message>
    <message>
        <source>Batch:</source>
        <translation>批大小：</translation>
    </message>
    <message>
        <source>Distillation weight:</source>
        <translation>蒸馏权重：</translation>
    </message>
    <message>
        <source>Adapter file:</source>
        <translation>适配器文件：</translation>
    </message>
    <message>
        <source>Adapter file</source>
        <translation>适配器文件</translation>
    </message>
    <message>
        <source>FOCUS adapters (*.safetensors)</source>
        <translation>FOCUS 适配器 (*.safetensors)</translation>
    </message>
    <message>
        <source>Fix the settings first.</source>
        <translation>请先修正设置。</translation>
    </message>
    <message>
        <source>The probe measured nothing.</source>
        <translation>探测未测得任何结果。</translation>
    </message>
    <message>
        <source>%1 s per step (%2 tokens/s) → %3 steps take about %4, plus validation.</source>
        <translation>每步 %1 秒（%2 词元/秒）→ %3 步约需 %4，另加验证时间。</translation>
    </message>
    <message>
        <source>The probe failed: %1</source>
        <translation>探测失败：%1</translation>
    </message>
    <message>
        <source>Measuring %1 steps…</source>
        <translation>正在测量 %1 步…</translation>
    </message>
    <message>
        <source>The adapter file must end in .safetensors (the browser opens adapters by that name).</source>
        <translation>适配器文件必须以 .safetensors 结尾（浏览器按此扩展名打开适配器）。</translation>
    </message>
    <message>
        <source>The %1 regions hold %2 usable bases; a sample of %3 windows of %4 bases needs %5.</source>
        <translation>%1区域包含 %2 个可用碱基；一个由 %3 个 %4 碱基窗口组成的样本需要 %5 个。</translation>
    </message>
    <message>
        <source>training</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>validation</source>
        <translation>验证</translation>
    </message>
    <message>
        <source>A checkpoint of an earlier run exists: training resumes from it when the settings are the same.</source>
        <translation>存在先前运行的检查点：设置相同时，训练将从该检查点继续。</translation>
    </message>
    <message>
        <source>%1 exists and will be replaced.</source>
        <translation>%1 已存在，将被替换。</translation>
    </message>
</context>
<context>
    <name>focus::widgets::TrainingResultPage</name>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Fidelity to full attention on the validation regions. Window and sinks get the KV bytes FOCUS holds at the end, so the comparison is at equal memory.</source>
        <translation>在验证区域上相对于全注意力的保真度。窗口和汇聚点获得 FOCUS 最终所占的 KV 字节数，因此比较是在相同内存下进行的。</translation>
    </message>
    <message>
        <source>Region</source>
        <translation>区域</translation>
    </message>
    <message>
        <source>Mode</source>
        <translation>模式</translation>
    </message>
    <message>
        <source>KV bytes</source>
        <translation>KV 字节数</translation>
    </message>
    <message>
        <source>mean |Δp|</source>
        <translation>平均 |Δp|</translation>
    </message>
    <message>
        <source>JS (bits)</source>
        <translation>JS（比特）</translation>
    </message>
    <message>
        <source>KL (bits)</source>
        <translation>KL（比特）</translation>
    </message>
    <message>
        <source>ΔNLL (bits/base)</source>
        <translation>ΔNLL（比特/碱基）</translation>
    </message>
    <message>
        <source>top-1</source>
        <translation>top-1</translation>
    </message>
    <message>
        <source>Save adapter as…</source>
        <translation>适配器另存为…</translation>
    </message>
    <message>
        <source>Load into browser</source>
        <translation>加载到浏览器</translation>
    </message>
    <message>
        <source>Save adapter as</source>
        <translation>适配器另存为</translation>
    </message>
    <message>
        <source>FOCUS adapters (*.safetensors)</source>
        <translation>FOCUS 适配器 (*.safetensors)</translation>
    </message>
    <message>
        <source>Loaded %1 into the browser.</source>
        <translation>已将 %1 加载到浏览器。</translation>
    </message>
    <message>
        <source>Evaluation failed: %1</source>
        <translation>评估失败：%1</translation>
    </message>
    <message>
        <source>Training (%1 steps): validation |Δp| against the base model %2 untrained → %3 trained.
</source>
        <translation>训练（%1 步）：相对于基础模型的验证 |Δp| 从未训练时的 %2 → 训练后的 %3。
</translation>
    </message>
    <message>
        <source>Evaluating on the validation regions…</source>
        <translation>正在验证区域上评估…</translation>
    </message>
    <message>
        <source>1 validation region</source>
        <translation>1 个验证区域</translation>
    </message>
    <message>
        <source>%1 validation regions</source>
        <translation>%1 个验证区域</translation>
    </message>
    <message>
        <source> scored under FOCUS, window and sinks.</source>
        <translation>已在 FOCUS、窗口和汇聚点模式下评分。</translation>
    </message>
    <message>
        <source>Saved a copy as %1.</source>
        <translation>已将副本保存为 %1。</translation>
    </message>
</context>
<context>
    <name>focus::widgets::TrainingRunPage</name>
    <message>
        <source>Training</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>Training loss and validation loss, both in bits per base (2 is a uniform guess).</source>
        <translation>训练损失和验证损失，单位均为比特/碱基（2 相当于均匀随机猜测）。</translation>
    </message>
    <message>
        <source>Loss (bits/base) and validation |Δp| against the base model at the chosen k.</source>
        <translation>损失（比特/碱基）以及在所选 k 下相对于基础模型的验证 |Δp|。</translation>
    </message>
    <message>
        <source>step %v of %m</source>
        <translation>第 %v 步，共 %m 步</translation>
    </message>
    <message>
        <source>loss (bits/base)</source>
        <translation>损失（比特/碱基）</translation>
    </message>
    <message>
        <source>validation (bits/base)</source>
        <translation>验证（比特/碱基）</translation>
    </message>
    <message>
        <source>validation |Δp|</source>
        <translation>验证 |Δp|</translation>
    </message>
    <message>
        <source>step</source>
        <translation>步数</translation>
    </message>
    <message>
        <source>validation mean |Δp|</source>
        <translation>验证平均 |Δp|</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Cancel training</source>
        <translation>取消训练</translation>
    </message>
    <message>
        <source>Delete checkpoint</source>
        <translation>删除检查点</translation>
    </message>
    <message>
        <source>Could not delete %1.</source>
        <translation>无法删除 %1。</translation>
    </message>
    <message>
        <source> Checkpoint deleted: the next start trains from scratch.</source>
        <translation> 检查点已删除：下次启动将从头开始训练。</translation>
    </message>
    <message>
        <source>Waiting for the previous run to stop…</source>
        <translation>正在等待上一次运行停止…</translation>
    </message>
    <message>
        <source>process memory while training</source>
        <translation>训练时的进程内存</translation>
    </message>
    <message>
        <source>Building the model and reading the genome…</source>
        <translation>正在构建模型并读取基因组…</translation>
    </message>
    <message>
        <source>Loading the model and measuring the untrained adapter…</source>
        <translation>正在加载模型并测量未训练的适配器…</translation>
    </message>
    <message>
        <source>Step %1 of %2 · loss %3 bits/base</source>
        <translation>第 %1 步，共 %2 步 · 损失 %3 比特/碱基</translation>
    </message>
    <message>
        <source> · validation %1 bits/base</source>
        <translation> · 验证 %1 比特/碱基</translation>
    </message>
    <message>
        <source> (resumed from a checkpoint)</source>
        <translation>（从检查点继续）</translation>
    </message>
    <message>
        <source>%1 tokens/s · ETA %2 · context %3 · learning rate %4</source>
        <translation>%1 词元/秒 · 预计剩余 %2 · 上下文 %3 · 学习率 %4</translation>
    </message>
    <message>
        <source>Already trained: this folder holds the model of these settings (%1 steps in %2): training %3, validation %4 bits/base.</source>
        <translation>已训练：此文件夹包含使用这些设置训练的模型（%1 步，用时 %2）：训练 %3，验证 %4 比特/碱基。</translation>
    </message>
    <message>
        <source>Finished %1 steps in %2: training %3, validation %4 bits/base.</source>
        <translation>已完成 %1 步，用时 %2：训练 %3，验证 %4 比特/碱基。</translation>
    </message>
    <message>
        <source>%1 tokens in all · model written to %2</source>
        <translation>共 %1 个词元 · 模型已写入 %2</translation>
    </message>
    <message>
        <source> · validation |Δp| %1</source>
        <translation> · 验证 |Δp| %1</translation>
    </message>
    <message>
        <source>%1 tokens/s · ETA %2 · k %3 · learning rate %4</source>
        <translation>%1 词元/秒 · 预计剩余 %2 · k %3 · 学习率 %4</translation>
    </message>
    <message>
        <source>Already trained: the file holds the adapter of these settings (%1 steps in %2): validation |Δp| %3 → %4.</source>
        <translation>已训练：该文件包含使用这些设置训练的适配器（%1 步，用时 %2）：验证 |Δp| %3 → %4。</translation>
    </message>
    <message>
        <source>Finished %1 steps in %2: validation |Δp| %3 → %4.</source>
        <translation>已完成 %1 步，用时 %2：验证 |Δp| %3 → %4。</translation>
    </message>
    <message>
        <source>%1 tokens in all · adapter written to %2</source>
        <translation>共 %1 个词元 · 适配器已写入 %2</translation>
    </message>
    <message>
        <source>at step %1 of %2</source>
        <translation>于第 %1 步（共 %2 步）</translation>
    </message>
    <message>
        <source>Paused %1; the checkpoint is saved. Resume continues from it.</source>
        <translation>已%1暂停；检查点已保存。“继续”将从该检查点继续。</translation>
    </message>
    <message>
        <source>Cancelled %1; the checkpoint is kept, so Resume (or a later run with the same settings) continues from it.</source>
        <translation>已%1取消；检查点已保留，因此“继续”（或之后使用相同设置的运行）将从该检查点继续。</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>Training stopped with an error.</source>
        <translation>训练因错误而停止。</translation>
    </message>
    <message>
        <source>Pausing (writing a checkpoint)…</source>
        <translation>正在暂停（写入检查点）…</translation>
    </message>
    <message>
        <source>Cancelling after the current step…</source>
        <translation>将在当前步完成后取消…</translation>
    </message>
</context>
<context>
    <name>focus::widgets::TrainingShapePage</name>
    <message>
        <source>Model shape</source>
        <translation>模型结构</translation>
    </message>
    <message>
        <source>The model to train from scratch: a transformer (width, depth, attention heads, SwiGLU width) or a StripedHyena 2 hybrid from an Evo 2 config file; the context it is trained at, k-mer input tables.</source>
        <translation>要从头训练的模型：Transformer（宽度、深度、注意力头数、SwiGLU 宽度），或来自 Evo 2 配置文件的 StripedHyena 2 混合模型；以及训练上下文和 k-mer 输入表。</translation>
    </message>
    <message>
        <source>Transformer</source>
        <translation>Transformer</translation>
    </message>
    <message>
        <source>StripedHyena 2 (Evo 2 config file)</source>
        <translation>StripedHyena 2（Evo 2 配置文件）</translation>
    </message>
    <message>
        <source>an Evo 2 YAML config, e.g. configs/demo-hybrid.yml</source>
        <translation>Evo 2 YAML 配置文件，例如 configs/demo-hybrid.yml</translation>
    </message>
    <message>
        <source>Evo 2&apos;s own keys (hidden_size, num_layers, attn_layer_idxs, hcs/hcm/hcl_layer_idxs, …); max_seqlen becomes the trained context below.</source>
        <translation>Evo 2 自身的键（hidden_size、num_layers、attn_layer_idxs、hcs/hcm/hcl_layer_idxs、…）；max_seqlen 将作为下方的训练上下文。</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Fewer KV heads than attention heads is grouped-query attention.</source>
        <translation>KV 头数少于注意力头数即为分组查询注意力（GQA）。</translation>
    </message>
    <message>
        <source> bases</source>
        <translation> 碱基</translation>
    </message>
    <message>
        <source>K:WIDTH,… — a 4^K-row table per k-mer size, projected to the model width when narrower; K alone is a table of the model&apos;s width; empty for none.</source>
        <translation>K:WIDTH,… —— 每种 k-mer 长度一个 4^K 行的表，窄于模型宽度时投影到模型宽度；只写 K 表示宽度等于模型宽度的表；留空表示不使用。</translation>
    </message>
    <message>
        <source>Architecture:</source>
        <translation>架构：</translation>
    </message>
    <message>
        <source>Evo 2 config:</source>
        <translation>Evo 2 配置：</translation>
    </message>
    <message>
        <source>Width (dim):</source>
        <translation>宽度（dim）：</translation>
    </message>
    <message>
        <source>Layers:</source>
        <translation>层数：</translation>
    </message>
    <message>
        <source>Attention heads:</source>
        <translation>注意力头数：</translation>
    </message>
    <message>
        <source>KV heads:</source>
        <translation>KV 头数：</translation>
    </message>
    <message>
        <source>MLP hidden width:</source>
        <translation>MLP 隐藏层宽度：</translation>
    </message>
    <message>
        <source>Trained context:</source>
        <translation>训练上下文：</translation>
    </message>
    <message>
        <source>k-mer tables:</source>
        <translation>k-mer 表：</translation>
    </message>
    <message>
        <source>Evo 2 config</source>
        <translation>Evo 2 配置</translation>
    </message>
    <message>
        <source>Evo 2 configs (*.yml *.yaml);;All files (*)</source>
        <translation>Evo 2 配置 (*.yml *.yaml);;所有文件 (*)</translation>
    </message>
    <message>
        <source>%1 · %2 parameters</source>
        <translation>%1 · %2 个参数</translation>
    </message>
    <message>
        <source>%1 parameters · head width %2 · %3 of F16 weights</source>
        <translation>%1 个参数 · 头宽度 %2 · F16 权重 %3</translation>
    </message>
</context>
<context>
    <name>focus::widgets::TrainingWizard</name>
    <message>
        <source>Train a FOCUS adapter</source>
        <translation>训练 FOCUS 适配器</translation>
    </message>
    <message>
        <source>Train a base model</source>
        <translation>训练基础模型</translation>
    </message>
</context>
</TS>
