// Helpers shared by the annotation suites (BED, GFF3 and GTF readers, AnnotationSet): the message
// of a focus::Error, blocks written as pairs, and how QCOMPARE prints blocks and regions.
#pragma once

#include "core/common/Error.h"
#include "core/genome/Feature.h"
#include "core/genome/GenomicRegion.h"

#include <QByteArray>
#include <QString>
#include <QtTest>

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

namespace focus::test {

// The message of the focus::Error `parse` throws, or a null QString if it throws none.
inline QString errorOf(const std::function<void()>& parse) {
    try {
        parse();
    } catch (const focus::Error& e) {
        return QString::fromStdString(e.what());
    }
    return QString();
}

inline std::vector<genome::FeatureBlock> blocks(std::initializer_list<std::pair<int64_t, int64_t>> list) {
    std::vector<genome::FeatureBlock> out;
    for (const auto& [s, e] : list) out.push_back(genome::FeatureBlock{s, e});
    return out;
}

}  // namespace focus::test

namespace QTest {
template <>
inline char* toString(const std::vector<focus::genome::FeatureBlock>& list) {
    QByteArray text = "[";
    for (const focus::genome::FeatureBlock& b : list)
        text += " [" + QByteArray::number(qlonglong(b.start)) + "," + QByteArray::number(qlonglong(b.end)) + ")";
    return qstrdup(text + " ]");
}
template <>
inline char* toString(const focus::genome::GenomicRegion& r) {
    return qstrdup(
        QByteArray::fromStdString(r.contig + ":" + std::to_string(r.start) + "-" + std::to_string(r.end)));
}
}  // namespace QTest
